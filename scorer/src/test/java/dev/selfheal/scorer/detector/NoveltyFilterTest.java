package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoveltyFilterTest {

    @Test
    void aNewExtremeStandsOutAndItsRepeatsDoNot() {
        NoveltyFilter filter = new NoveltyFilter(10, 4);
        for (int i = 0; i < 20; i++) {
            assertThat(filter.next(0.1)).isLessThan(0.1);
        }
        double first = filter.next(25);
        double second = filter.next(25);
        assertThat(first).isGreaterThan(0.99);
        assertThat(second).isLessThan(0.9);
    }

    @Test
    void anExtremeIsForgottenAfterTheWindow() {
        NoveltyFilter filter = new NoveltyFilter(5, 4);
        filter.next(0.1);
        filter.next(25);
        for (int i = 0; i < 5; i++) {
            filter.next(0.1);
        }
        assertThat(filter.next(25)).isGreaterThan(0.99);
    }

    @Test
    void aSmallNewExtremeOfACalmSeriesStaysSmall() {
        NoveltyFilter filter = new NoveltyFilter(10, 4);
        for (int i = 0; i < 10; i++) {
            filter.next(0.01);
        }
        // 10x the calm maximum, but evidence 0.1 is far under τ
        assertThat(filter.next(0.1)).isLessThan(0.8);
        assertThat(NoveltyFilter.evidence(0.5, 2, 1)).isEqualTo(4.0);
    }

    @Test
    void afterARestartAnEarlierExtremeNoLongerMutesAndTheWarmUpScoresNothing() {
        NoveltyFilter muted = new NoveltyFilter(400, 4);
        NoveltyFilter restarted = new NoveltyFilter(400, 4);
        for (NoveltyFilter f : new NoveltyFilter[] {muted, restarted}) {
            f.next(0.1);
            f.next(900); // a fallback extreme over a handful of points
            for (int i = 0; i < 100; i++) {
                f.next(0.1);
            }
        }
        restarted.restart();
        for (int i = 0; i < NoveltyFilter.WARM_UP; i++) {
            assertThat(restarted.next(i == 0 ? 30 : 0.2)).isZero();
        }
        assertThat(muted.next(40)).isLessThan(0.01);
        assertThat(restarted.next(40)).isGreaterThan(0.5);
    }
}
