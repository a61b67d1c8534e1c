package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventDetectorTest {

    /**
     * A calm series: its first 300 points under the fallback (which sets the range seen: [9, 11]),
     * then model-served points in the same range, every component well under its threshold.
     */
    private static EventDetector calm(int points) {
        EventDetector d = new EventDetector();
        for (int i = 0; i < 300; i++) {
            d.next(10 + Math.sin(i), false, 0.2);
        }
        for (int i = 0; i < points; i++) {
            EventDetector.Output o = d.next(10 + Math.sin(i), true, 0.3, 0.2, 0.1, 0.1);
            assertThat(o.score()).as("calm point %d", i).isLessThan(EventDetector.THRESHOLD);
            assertThat(o.anomalous()).isFalse();
        }
        return d;
    }

    @Test
    void aValueBeyondTheRangeSeenIsAnEventEvenWhenTheModelIsCalm() {
        EventDetector d = calm(500);
        EventDetector.Output o = d.next(11.5, true, 0.3, 0.2, 0.1, 0.1);
        assertThat(o.score()).isEqualTo(EventDetector.OUT_OF_RANGE_SCORE);
        assertThat(o.cause()).isEqualTo(EventDetector.Cause.OUT_OF_RANGE);
        assertThat(o.anomalous()).isTrue();
        // just inside the margin (1% of the range's width) is not
        EventDetector inside = calm(500);
        assertThat(inside.next(11.01, true, 0.3, 0.2, 0.1, 0.1).score()).isLessThan(EventDetector.THRESHOLD);
    }

    @Test
    void theFallbackPeriodHasNoRangeRule() {
        EventDetector d = new EventDetector();
        for (int i = 0; i < 300; i++) {
            d.next(10, false, 0.1);
        }
        assertThat(d.next(1000, false, 0.1).score()).isLessThan(EventDetector.THRESHOLD);
    }

    @Test
    void afterAFlagTheScoreIsQuietButTheVerdictStaysOpenUntilTheSeriesIsNormalAgain() {
        EventDetector d = calm(500);
        assertThat(d.next(30, true, 8, 1, 1, 1).score()).isGreaterThanOrEqualTo(EventDetector.THRESHOLD);
        // the incident goes on, stronger: no second event score inside the quiet period, still anomalous
        for (int i = 0; i < EventDetector.REFRACTORY; i++) {
            EventDetector.Output o = d.next(40 + i, true, 9 + i, 1, 1, 1);
            assertThat(o.score()).as("quiet point %d", i).isLessThan(EventDetector.THRESHOLD);
            assertThat(o.anomalous()).isTrue();
        }
        // back under every threshold: open for CLOSE_AFTER - 1 more points, then closed
        for (int i = 1; i < EventDetector.CLOSE_AFTER; i++) {
            assertThat(d.next(10, true, 0.3, 0.2, 0.1, 0.1).anomalous()).as("normal point %d", i).isTrue();
        }
        assertThat(d.next(10, true, 0.3, 0.2, 0.1, 0.1).anomalous()).isFalse();
    }

    @Test
    void aComponentStillOverItsThresholdKeepsTheEventOpen() {
        EventDetector d = calm(500);
        d.next(30, true, 8, 1, 1, 1);
        for (int i = 0; i < 3 * EventDetector.CLOSE_AFTER; i++) {
            assertThat(d.next(10, true, 0.3, 1.5, 0.1, 0.1).anomalous()).isTrue();
        }
    }

    /**
     * The same incident again and again: the novelty stages soon keep the score quiet for a
     * repeat (NAB counts an event once), but three points in a row with a component at twice its
     * threshold open an event for the verdict every time, so a recurring fault is still
     * confirmed. A single such point (a spike), or repeats under that ratio, are left to the score.
     */
    @Test
    void aSustainedStrongDeviationOpensAnEventForTheVerdictEvenWhenTheScoreStaysQuiet() {
        EventDetector d = calm(500);
        int quietButOpen = 0;
        for (int incident = 0; incident < 15; incident++) {
            EventDetector.Output o = null;
            for (int i = 0; i < EventDetector.OPEN_RUN; i++) {
                o = d.next(10.5, true, 3.4, 1, 1, 1);
            }
            assertThat(o.anomalous()).as("incident %d", incident).isTrue();
            if (o.score() < EventDetector.THRESHOLD && o.cause() == EventDetector.Cause.DEVIATION) {
                quietButOpen++;
            }
            calmFor(d, 40);
        }
        assertThat(quietButOpen).as("repeats the score no longer flags").isGreaterThan(5);

        EventDetector spikes = calm(500);
        calmAfter(spikes, 3.4, 15);
        int unconfirmed = 0;
        for (int incident = 0; incident < 15; incident++) {
            EventDetector.Output o = spikes.next(10.5, true, 3.4, 1, 1, 1); // one point only
            if (!o.anomalous()) {
                assertThat(o.cause()).isEqualTo(EventDetector.Cause.NONE);
                unconfirmed++;
            }
            calmFor(spikes, 40);
        }
        assertThat(unconfirmed).as("single spikes the score no longer flags").isGreaterThan(5);

        EventDetector weak = calm(500);
        unconfirmed = 0;
        for (int incident = 0; incident < 15; incident++) {
            EventDetector.Output o = null;
            for (int i = 0; i < EventDetector.OPEN_RUN; i++) {
                o = weak.next(10.5, true, EventDetector.OPEN_RATIO - 0.5, 1, 1, 1);
            }
            if (!o.anomalous()) {
                unconfirmed++;
            }
            calmFor(weak, 40);
        }
        assertThat(unconfirmed).as("weak repeats the score no longer flags").isGreaterThan(5);
    }

    private static void calmFor(EventDetector d, int points) {
        for (int i = 0; i < points; i++) {
            d.next(10, true, 0.3, 0.2, 0.1, 0.1);
        }
    }

    /** Earlier spikes of that ratio, so the novelty stages have seen them. */
    private static void calmAfter(EventDetector d, double ratio, int spikes) {
        for (int i = 0; i < spikes; i++) {
            d.next(10.5, true, ratio, 1, 1, 1);
            calmFor(d, 40);
        }
    }

    @Test
    void theFallbackNeverOpensAnEventByDeviationAlone() {
        EventDetector d = new EventDetector();
        for (int i = 0; i < 300; i++) {
            d.next(10 + Math.sin(i), false, 0.2);
        }
        int open = 0;
        for (int incident = 0; incident < 15; incident++) {
            for (int i = 0; i < EventDetector.OPEN_RUN; i++) {
                if (d.next(10.5, false, EventDetector.OPEN_RATIO + 1).cause() == EventDetector.Cause.DEVIATION) {
                    open++;
                }
            }
            for (int i = 0; i < 40; i++) {
                d.next(10 + Math.sin(i), false, 0.2);
            }
        }
        assertThat(open).isZero();
    }
}
