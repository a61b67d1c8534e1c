package dev.selfheal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentErrorsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private final History.MutableClock clock = new History.MutableClock(T0);
    private final RecentErrors recent = new RecentErrors(clock);

    private void second(long at, int requests, int errors) {
        clock.set(T0.plusSeconds(at));
        for (int i = 0; i < requests; i++) {
            recent.finished(i < errors);
        }
    }

    @Test
    void completeSecondsOnlyOldestFirstWithTheirNormality() {
        second(0, 25, 15);
        second(1, 25, 1);
        second(2, 25, 25); // the current second: not complete, not shown
        assertThat(recent.lastSeconds(2)).containsExactly(
                new RecentErrors.Second(T0.getEpochSecond(), 25, 15),
                new RecentErrors.Second(T0.getEpochSecond() + 1, 25, 1));
        assertThat(recent.lastSeconds(2)).extracting(RecentErrors.Second::normal).containsExactly(false, true);
    }

    @Test
    void aSecondWithoutRequestsIsNotNormal() {
        second(0, 25, 0);
        second(2, 0, 0);
        assertThat(recent.lastSeconds(2)).extracting(RecentErrors.Second::requests).containsExactly(25L, 0L);
        assertThat(recent.lastSeconds(2).get(1).normal()).isFalse();
    }

    @Test
    void aSlotReusedSixteenSecondsLaterForgetsItsOldCounts() {
        second(0, 25, 25);
        second(16, 25, 0);
        second(17, 0, 0);
        assertThat(recent.lastSeconds(1)).containsExactly(new RecentErrors.Second(T0.getEpochSecond() + 16, 25, 0));
        assertThat(recent.lastSeconds(17)).first().isEqualTo(new RecentErrors.Second(T0.getEpochSecond() + 2, 0, 0));
    }
}
