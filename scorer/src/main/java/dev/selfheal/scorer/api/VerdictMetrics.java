package dev.selfheal.scorer.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the scorer answered, per scored series: {@code selfheal_scorer_verdicts_total{anomalous,
 * source}} (source: {@code model} or {@code fallback}) and the {@code selfheal_scorer_score}
 * histogram, so a dashboard shows how often a trained model decides and how scores spread.
 */
@ApplicationScoped
public class VerdictMetrics {

    private final Counter[][] verdicts = new Counter[2][2];
    private final DistributionSummary scores;

    public VerdictMetrics(MeterRegistry registry) {
        for (int a = 0; a < 2; a++) {
            for (int m = 0; m < 2; m++) {
                verdicts[a][m] = Counter.builder("selfheal.scorer.verdicts")
                        .tag("anomalous", Boolean.toString(a == 1)).tag("source", m == 1 ? "model" : "fallback")
                        .description("Scored series by verdict and by what decided it").register(registry);
            }
        }
        scores = DistributionSummary.builder("selfheal.scorer.score").description("Scores served, per series")
                .serviceLevelObjectives(0.1, 0.25, 0.5, 0.75, 0.9, 0.99).register(registry);
    }

    void served(boolean anomalous, boolean fromModel, double score) {
        verdicts[anomalous ? 1 : 0][fromModel ? 1 : 0].increment();
        scores.record(score);
    }
}
