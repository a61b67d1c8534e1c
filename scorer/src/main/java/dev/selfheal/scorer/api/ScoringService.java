package dev.selfheal.scorer.api;

import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.FallbackScorer;
import dev.selfheal.scorer.model.ModelEntry;
import dev.selfheal.scorer.model.ModelMetadata;
import dev.selfheal.scorer.model.ModelRegistry;
import dev.selfheal.scorer.model.ModelStatus;
import dev.selfheal.scorer.model.PointScore;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.model.TrainingData;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Scores the latest point of each series: with the series' trained model when it is ready,
 * otherwise with the median/MAD fallback while a model trains in the background.
 */
@ApplicationScoped
public class ScoringService {

    private final PrometheusClient prometheus;
    private final ModelRegistry registry;
    private final ScorerConfig config;
    private final Clock clock;
    private final VerdictMetrics metrics;

    public ScoringService(PrometheusClient prometheus, ModelRegistry registry, ScorerConfig config, Clock clock,
                          VerdictMetrics metrics) {
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    public ScoreResponse score(ScoreRequest request) {
        List<Series> series = request.inline() ? request.series()
                : prometheus.queryRange(request.query(), request.end().minus(request.window()), request.end(),
                        request.step());
        if (series.isEmpty()) {
            throw new ApiException(422, "no_data", request.inline() ? "no series given"
                    : "the query returned no series in the window");
        }
        if (series.size() > config.scoring().maxSeries()) {
            throw new ApiException(422, "too_many_series", series.size() + " series; at most "
                    + config.scoring().maxSeries() + " can be scored in one request");
        }
        double threshold = config.scoring().threshold();
        List<ScoreResponse.Result> results = new ArrayList<>();
        List<ScoreResponse.Skipped> skipped = new ArrayList<>();
        for (Series s : series) {
            TrainingData window = TrainingData.finite(s.timestamps(), s.values());
            if (window.values().length < FallbackScorer.MIN_POINTS) {
                skipped.add(new ScoreResponse.Skipped(s.labels(), window.values().length + " finite points; at least "
                        + FallbackScorer.MIN_POINTS + " are needed"));
                continue;
            }
            ScoreResponse.Result result = scoreOne(request, s, window, threshold);
            metrics.served(result.anomalous(), result.isolationForest() != null, result.score());
            results.add(result);
        }
        if (results.isEmpty()) {
            throw new ApiException(422, "window_too_short", "no series has enough finite points: "
                    + skipped.get(0).reason());
        }
        double max = results.stream().mapToDouble(ScoreResponse.Result::score).max().orElse(0);
        int anomalous = (int) results.stream().filter(ScoreResponse.Result::anomalous).count();
        return new ScoreResponse(new ScoreResponse.Verdict(anomalous > 0, max, threshold, results.size(), anomalous),
                results, skipped.isEmpty() ? null : skipped);
    }

    private ScoreResponse.Result scoreOne(ScoreRequest request, Series s, TrainingData window, double threshold) {
        String source = request.inline() ? "inline" : request.query() + " @" + request.step().toSeconds() + "s";
        SeriesRef ref = SeriesRef.of(source, s.labels());
        ModelEntry entry = registry.entry(ref);
        Supplier<TrainingData> history = history(request, s);
        registry.rememberHistory(entry, history);
        DetectorModel model = entry.model();
        if (model == null && entry.status() != ModelStatus.FALLBACK || needsRetry(entry)) {
            registry.requestTraining(entry, history);
            model = registry.awaitReady(entry, config.training().waitBudget()).orElse(null);
        }
        double[] values = window.values();
        if (model != null && values.length >= model.minScoringPoints()) {
            PointScore p = model.scoreLatest(values);
            ModelMetadata m = model.metadata();
            return new ScoreResponse.Result(s.labels(), p.score() >= threshold, p.score(),
                    new ScoreResponse.Forest(p.forestScore(), p.forestThreshold()),
                    new ScoreResponse.Lstm(p.forecast(), p.actual(), p.residual(), p.zScore(),
                            new double[] {p.bandLow(), p.bandHigh()}),
                    null, p.reasons(), new ScoreResponse.Model(m.id(), m.version(), m.trainedAt(),
                            m.trainingPoints(), ModelStatus.READY.name(), null));
        }
        PointScore p = FallbackScorer.scoreLatest(values);
        String status = entry.status() == ModelStatus.READY ? ModelStatus.FALLBACK.name() : entry.status().name();
        String detail = model != null ? "window shorter than the model's " + model.minScoringPoints() + " points"
                : entry.error() != null ? entry.error() : "model training in the background; median/MAD fallback meanwhile";
        return new ScoreResponse.Result(s.labels(), p.score() >= threshold, p.score(), null, null,
                new ScoreResponse.Fallback(p.forecast(), p.actual(), p.zScore(), new double[] {p.bandLow(), p.bandHigh()}),
                p.reasons(), new ScoreResponse.Model(entry.id(), null, null, null, status, detail));
    }

    /** A failed training is tried again on the next request, unless it is running already. */
    private static boolean needsRetry(ModelEntry entry) {
        return entry.model() == null && entry.status() == ModelStatus.FAILED
                && entry.training() == ModelEntry.Training.IDLE;
    }

    private Supplier<TrainingData> history(ScoreRequest request, Series s) {
        if (request.inline()) {
            return () -> TrainingData.finite(s.timestamps(), s.values());
        }
        return historyFromPrometheus(request.query(), s.labels(), request.end(), request.step());
    }

    /** The series' own history over the training lookback, fetched when the training job runs. */
    public Supplier<TrainingData> historyFromPrometheus(String query, Map<String, String> labels, Instant end,
                                                        Duration step) {
        Duration lookback = config.training().lookback();
        Duration longest = step.multipliedBy(PrometheusClient.MAX_POINTS - 1);
        Duration span = lookback.compareTo(longest) > 0 ? longest : lookback;
        return () -> {
            Instant now = end.isAfter(clock.instant()) ? end : clock.instant();
            Optional<Series> match = prometheus.queryRange(query, now.minus(span), now, step).stream()
                    .filter(x -> x.labels().equals(labels)).findFirst();
            return match.map(x -> TrainingData.finite(x.timestamps(), x.values()))
                    .orElse(new TrainingData(new double[0], new long[0]));
        };
    }
}
