package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatSuppressionTest {

    @Test
    void aPeakCountsOnceAndLesserOrEqualPeaksAfterItDoNot() {
        RepeatSuppression once = new RepeatSuppression(5);
        assertThat(once.next(0.7)).isEqualTo(0.7);
        assertThat(once.next(0.6)).isZero();
        assertThat(once.next(0.7)).isZero();
        assertThat(once.next(0.9)).isEqualTo(0.9); // stronger: gets through
    }

    @Test
    void aPeakIsForgottenAfterTheWindow() {
        RepeatSuppression once = new RepeatSuppression(3);
        assertThat(once.next(0.8)).isEqualTo(0.8);
        once.next(0.1);
        once.next(0.1);
        assertThat(once.next(0.5)).isZero(); // the 0.8 is 3 rows back: still in the window
        assertThat(once.next(0.5)).isZero(); // the first 0.5 is
        once.next(0.1);
        once.next(0.1);
        once.next(0.1);
        assertThat(once.next(0.5)).isEqualTo(0.5); // 4 rows after the last 0.5
    }

    @Test
    void itMatchesTheBruteForceDefinition() {
        java.util.Random random = new java.util.Random(7);
        double[] s = new double[2000];
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextDouble() < 0.8 ? 0 : random.nextDouble();
        }
        RepeatSuppression once = new RepeatSuppression(50);
        for (int t = 0; t < s.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = Math.max(0, t - 50); k < t; k++) {
                max = Math.max(max, s[k]);
            }
            assertThat(once.next(s[t])).isEqualTo(max >= s[t] ? 0 : s[t]);
        }
    }
}
