package dev.selfheal.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FallbackScorerTest {

    @Test
    void aPointFarFromTheMedianIsAnomalousAndANearOneIsNot() {
        double[] window = {10, 10.2, 9.9, 10.1, 10, 9.8, 10.3, 10.1, 9.9, 10, 10.2, 10};
        double[] spiked = window.clone();
        spiked[spiked.length - 1] = 14;
        assertThat(FallbackScorer.scoreLatest(window).score()).isLessThan(0.1);
        PointScore p = FallbackScorer.scoreLatest(spiked);
        assertThat(p.score()).isGreaterThan(0.9);
        assertThat(p.reasons().get(0)).contains("robust σ above the window median");
    }

    @Test
    void aFlatWindowDoesNotDivideByZero() {
        double[] flat = new double[20];
        java.util.Arrays.fill(flat, 5);
        assertThat(FallbackScorer.scoreLatest(flat).score()).isEqualTo(0.0);
        flat[19] = 6;
        assertThat(FallbackScorer.scoreLatest(flat).score()).isEqualTo(1.0);
    }

    @Test
    void tooFewPointsAreRefused() {
        assertThatThrownBy(() -> FallbackScorer.scoreLatest(new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
