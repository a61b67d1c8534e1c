package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which points a model trains on: runs outside the band left out with their margin, lasting shifts kept. */
class TrainingSelectionTest {

    private static boolean[] marks(int n, int... runs) {
        boolean[] m = new boolean[n];
        for (int r = 0; r < runs.length; r += 2) {
            Arrays.fill(m, runs[r], runs[r + 1], true);
        }
        return m;
    }

    @Test
    void aRunIsLeftOutWithItsMarginAndRunsCloseTogetherAreOne() {
        boolean[] out = TrainingSelection.leftOut(marks(200, 50, 60, 65, 70), 200);
        int m = TrainingSelection.MARGIN;
        for (int i = 0; i < 200; i++) {
            assertThat(out[i]).as("point %d", i).isEqualTo(i >= 50 - m && i < 70 + m);
        }
        double[] values = new double[200];
        long[] times = new long[200];
        for (int i = 0; i < 200; i++) {
            values[i] = i;
            times[i] = 1000L * i;
        }
        TrainingSelection.Selected kept = TrainingSelection.select(values, times, marks(200, 50, 60, 65, 70), 200,
                Integer.MAX_VALUE);
        assertThat(kept.leftOut()).isEqualTo(20 + 2 * m);
        assertThat(kept.values()).hasSize(200 - kept.leftOut()).doesNotContain(55.0, 68.0).contains(40.0, 90.0);
        assertThat(TrainingSelection.select(values, times, marks(200, 50, 60, 65, 70), 200, 150).leftOut())
                .as("the newest 150 kept points reach back past the run").isEqualTo(20 + 2 * m);
        assertThat(TrainingSelection.select(values, times, marks(200, 50, 60, 65, 70), 200, 50).leftOut())
                .as("the newest 50 kept points reach back to point 150: none left out there").isZero();
    }

    @Test
    void aLevelShiftMovesEveryQuartersMedianARecurringFaultDoesNot() {
        double[] step = new double[400];
        double[] recurring = new double[400];
        for (int i = 0; i < 400; i++) {
            step[i] = 2.0 + (i % 7) * 0.1;                    // a new level, 2 σ over the old median 0
            recurring[i] = i % 3 == 0 ? 5.0 : (i % 7) * 0.1;  // a fault a third of the time, else the usual level
        }
        assertThat(TrainingSelection.shifted(step, 0, 1)).isTrue();
        assertThat(TrainingSelection.shifted(recurring, 0, 1)).isFalse();
        double[] daily = new double[400];
        for (int i = 0; i < 400; i++) {
            daily[i] = i < 200 ? 2.0 : -2.0;                   // half the span above, half below: no one level
        }
        assertThat(TrainingSelection.shifted(daily, 0, 1)).isFalse();
    }

    @Test
    void aRunAsLongAsTheNewNormalSpanStaysIn() {
        int n = TrainingSelection.NEW_NORMAL_AFTER + 100;
        boolean[] out = TrainingSelection.leftOut(marks(n, 50, 50 + TrainingSelection.NEW_NORMAL_AFTER), n);
        for (boolean o : out) {
            assertThat(o).isFalse();
        }
    }

    @Test
    void aShiftIsPersistentWhenEveryQuarterIsOutsideNowAndThenAFaultIsNot() {
        boolean[] now = new boolean[400];
        for (int i = 0; i < 400; i += 3) {
            now[i] = true; // a small step the band catches at every third point
        }
        assertThat(TrainingSelection.persistent(now)).isTrue();
        assertThat(TrainingSelection.persistent(marks(400, 250, 400))).as("a fault in the last half").isFalse();
        assertThat(TrainingSelection.persistent(marks(400, 0, 400))).isTrue();
    }
}
