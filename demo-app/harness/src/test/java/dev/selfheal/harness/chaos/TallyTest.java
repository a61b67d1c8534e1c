package dev.selfheal.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chaos runs' counting and verdicts: what counts as lost, what as done twice, and the last line's form. */
class TallyTest {

    private static Map<String, AtomicInteger> counts(Object... keyAndCount) {
        Map<String, AtomicInteger> m = new java.util.HashMap<>();
        for (int i = 0; i < keyAndCount.length; i += 2) {
            m.put((String) keyAndCount[i], new AtomicInteger((Integer) keyAndCount[i + 1]));
        }
        return m;
    }

    @Test
    void aCleanCrashRunPassesWithTheLineCheckersRead() {
        CrashTally t = CrashTally.of(20, List.of("a", "b"), Set.of("a", "b", "c"), Set.of("1|decision", "1|resolve"),
                counts("k1", 1, "k2", 1), counts("1|decision", 1, "1|resolve", 1));
        assertThat(t.ok()).isTrue();
        assertThat(t.line()).isEqualTo("cycles=20 lost_alerts=0 duplicate_actions=0 duplicate_pagerduty=0 lost_pagerduty=0");
    }

    @Test
    void anAcceptedAlertNotStoredIsLostAndFailsTheRun() {
        CrashTally t = CrashTally.of(20, List.of("a", "b"), Set.of("a"), Set.of(), counts(), counts());
        assertThat(t.lostAlerts()).isEqualTo(1);
        assertThat(t.ok()).isFalse();
    }

    @Test
    void anActionCalledTwiceOrAnEventReceivedTwiceOrNeverFailsTheRun() {
        assertThat(CrashTally.of(1, List.of(), Set.of(), Set.of(), counts("k", 2), counts()).duplicateActions()).isEqualTo(1);
        assertThat(CrashTally.of(1, List.of(), Set.of(), Set.of(), counts("k", 2), counts()).ok()).isFalse();
        CrashTally events = CrashTally.of(1, List.of(), Set.of(), Set.of("1|a", "2|b"), counts(), counts("1|a", 3));
        assertThat(events.duplicatePagerduty()).isEqualTo(1);
        assertThat(events.lostPagerduty()).isEqualTo(1); // in the outbox, never received
        assertThat(events.ok()).isFalse();
    }

    @Test
    void haPassesOnlyWithOneEpisodeAndOneActionPerAlert() {
        Map<String, AtomicInteger> hundred = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            hundred.put("k" + i, new AtomicInteger(1));
        }
        HaTally ok = HaTally.of(100, 100, hundred, counts("e", 1));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.line()).isEqualTo("episodes=100 actions=100 duplicate_actions=0 duplicate_pagerduty=0");
        assertThat(HaTally.of(99, 100, hundred, counts()).ok()).isFalse();
        assertThat(HaTally.of(100, 100, counts("a", 1), counts()).ok()).isFalse(); // 99 alerts never acted on
        assertThat(HaTally.of(100, 100, hundred, counts("e", 2)).ok()).isFalse();
        hundred.get("k7").incrementAndGet();
        assertThat(HaTally.of(100, 100, hundred, counts()).ok()).isFalse();
        assertThat(HaTally.of(100, 100, hundred, counts()).duplicateActions()).isEqualTo(1);
    }
}
