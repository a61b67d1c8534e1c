package dev.selfheal.receiver.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the drain stands aside for the intake, and when it must not. */
class JournalDrainPolicyTest {

    private static final long LIMIT = 128L << 20;

    @Test
    void standsAsideOnlyDuringABurstBelowHalfTheBacklogLimitAndForAtMostASecond() {
        // a single webhook at a time (the usual case): record at once
        assertThat(JournalDrain.standAside(0, 10_000, LIMIT, 0)).isFalse();
        assertThat(JournalDrain.standAside(1, 10_000, LIMIT, 0)).isFalse();
        // a burst: accepting first
        assertThat(JournalDrain.standAside(2, 10_000, LIMIT, 0)).isTrue();
        assertThat(JournalDrain.standAside(8, 10_000, LIMIT, 999_000_000L)).isTrue();
        // but never more than a second in a row ...
        assertThat(JournalDrain.standAside(8, 10_000, LIMIT, JournalDrain.MAX_YIELD_NANOS)).isFalse();
        // ... and not once the backlog reaches half of its limit (past the limit webhooks get 503)
        assertThat(JournalDrain.standAside(8, LIMIT, LIMIT, 0)).isFalse();
        assertThat(JournalDrain.standAside(8, LIMIT - 1, LIMIT, 0)).isTrue();
    }
}
