package dev.selfheal.scorer.api;

import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.detector.Now;
import dev.selfheal.scorer.detector.Point;
import dev.selfheal.scorer.detector.Reasons;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.FallbackScorer;
import dev.selfheal.scorer.model.ModelMetadata;
import dev.selfheal.scorer.model.ModelStatus;
import dev.selfheal.scorer.model.PointScore;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.model.TrainingData;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import dev.selfheal.scorer.replay.HistoryFetcher;
import dev.selfheal.scorer.replay.SeriesState;
import dev.selfheal.scorer.replay.SeriesStates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers a score request with each series' detector outputs at the grid point at or before
 * {@code end}: from the series' state, advanced over its new points (its history replayed on a
 * first request); while a replay runs past the wait budget, from the median/MAD fallback over the
 * window, saying so (status PENDING). Inline series are replayed, alone, by a detector of their own.
 */
@ApplicationScoped
public class ScoringService {

    private final PrometheusClient prometheus;
    private final SeriesStates states;
    private final ScorerConfig config;
    private final VerdictMetrics metrics;
    private final RecentWindows windows = new RecentWindows(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "window-refresh");
        t.setDaemon(true);
        return t;
    }));

    public ScoringService(PrometheusClient prometheus, SeriesStates states, ScorerConfig config,
                          VerdictMetrics metrics) {
        this.prometheus = prometheus;
        this.states = states;
        this.config = config;
        this.metrics = metrics;
    }

    public ScoreResponse score(ScoreRequest request) {
        if (!request.inline()) {
            // The query's known series start advancing while their window is fetched, not after.
            states.advanceKnown(request.query(), request.step(), request.end().toEpochMilli());
        }
        List<Series> series = request.inline() ? request.series()
                : windows.get(request.query(), request.window(), request.step(), request.end(),
                        states.nextGridAfter(request.query(), request.step(), request.end()),
                        () -> prometheus.queryRange(request.query(), request.end().minus(request.window()),
                                request.end(), request.step()));
        return answer(request, series, java.util.Map.of());
    }

    /**
     * The answer when it needs no waiting (no Prometheus query, every series' state already at
     * {@code end}, no explain), so it can be given on the I/O thread; otherwise null.
     */
    public ScoreResponse ready(ScoreRequest request) {
        if (request.inline() || request.explain()) {
            return null;
        }
        List<Series> series = windows.peek(request.query(), request.window(), request.step(), request.end());
        if (series == null || series.isEmpty() || series.size() > config.scoring().maxSeries()) {
            return null;
        }
        long end = request.end().toEpochMilli();
        java.util.Map<java.util.Map<String, String>, SeriesDetector> ready = new java.util.HashMap<>();
        for (Series s : series) {
            SeriesState state = states.find(request.query(), request.step(), s.labels()).orElse(null);
            SeriesDetector d = state == null ? null : state.residentDetector();
            if (d == null || !state.reached(end)) {
                return null;
            }
            ready.put(s.labels(), d);
        }
        return answer(request, series, ready);
    }

    /** @param ready detectors already at {@code end} by labels (answered without waiting); others are advanced */
    private ScoreResponse answer(ScoreRequest request, List<Series> series,
                                 java.util.Map<java.util.Map<String, String>, SeriesDetector> ready) {
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
            int finite = TrainingData.countFinite(s.values());
            if (finite < FallbackScorer.MIN_POINTS) {
                skipped.add(new ScoreResponse.Skipped(s.labels(), finite + " finite points; at least "
                        + FallbackScorer.MIN_POINTS + " are needed"));
                continue;
            }
            ScoreResponse.Result result = request.inline() ? inline(request, s) : fromState(request, s,
                    ready.get(s.labels()));
            metrics.served(result.anomalous(), result.model() != null && "READY".equals(result.model().status()),
                    result.score());
            results.add(result);
        }
        if (results.isEmpty()) {
            throw new ApiException(422, "window_too_short", "no series has enough finite points: "
                    + skipped.get(0).reason());
        }
        double max = results.stream().mapToDouble(ScoreResponse.Result::score).max().orElse(0);
        int anomalous = (int) results.stream().filter(ScoreResponse.Result::anomalous).count();
        boolean outsideNow = results.stream().anyMatch(r -> r.now() != null && r.now().outside());
        return new ScoreResponse(new ScoreResponse.Verdict(anomalous > 0, max, threshold, results.size(), anomalous,
                outsideNow),
                results, skipped.isEmpty() ? null : skipped);
    }

    private ScoreResponse.Result fromState(ScoreRequest request, Series s, SeriesDetector ready) {
        long end = request.end().toEpochMilli();
        SeriesState state = states.state(request.query(), request.step(), s.labels(), end);
        SeriesDetector detector = ready;
        if (detector == null) {
            CompletableFuture<SeriesDetector> job = states.advance(state, end);
            try {
                detector = job.get(config.training().waitBudget().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return pending(s, state.ref(), ModelStatus.PENDING, "replaying the series' history ("
                        + state.summary().pointsSeen() + " points so far); the median/MAD fallback answers meanwhile");
            } catch (ExecutionException e) {
                return pending(s, state.ref(), ModelStatus.FAILED, "the series' history could not be replayed: "
                        + state.error());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted", "the scorer is shutting down");
            }
        }
        if (end < detector.firstKeptTimestamp()) {
            return detachedReplay(request, s, state.ref(), end);
        }
        Point p = detector.at(end);
        return result(s, p, state.ref(), detector, request, end);
    }

    /** A request about a time before what the state keeps: a replay of its own, kept nowhere. */
    private ScoreResponse.Result detachedReplay(ScoreRequest request, Series s, SeriesRef ref, long end) {
        HistoryFetcher.Points history = states.history(request.query(), s.labels(), end, request.step().toMillis());
        try (SeriesDetector detector = states.detached(ref, history.timestamps().length)) {
            detector.advance(history.timestamps(), history.values());
            return result(s, detector.at(end), ref, detector, request, end);
        }
    }

    private ScoreResponse.Result inline(ScoreRequest request, Series s) {
        SeriesRef ref = SeriesRef.of("inline", s.labels());
        long[] times = new long[s.timestamps().length];
        for (int i = 0; i < times.length; i++) {
            times[i] = Math.round(s.timestamps()[i] * 1000);
        }
        try (SeriesDetector detector = states.detached(ref, times.length)) {
            detector.advance(times, s.values());
            long end = detector.lastTimestamp();
            return result(s, detector.at(end), ref, detector, request, end);
        }
    }

    private ScoreResponse.Result result(Series s, Point p, SeriesRef ref, SeriesDetector detector,
                                        ScoreRequest request, long end) {
        if (p == null) {
            throw new ApiException(422, "no_data", "the series has no point at or before " + Instant.ofEpochMilli(end));
        }
        DetectorModel model = detector.model();
        ScoreResponse.Model m;
        if (p.fromModel() && model != null && model.metadata().version() == p.modelVersion()) {
            ModelMetadata md = model.metadata();
            m = new ScoreResponse.Model(ref.id(), md.version(), md.trainedAt(), md.trainingPoints(),
                    ModelStatus.READY.name(), null);
        } else if (p.fromModel()) {
            m = new ScoreResponse.Model(ref.id(), p.modelVersion(), null, null, ModelStatus.READY.name(), null);
        } else {
            String detail = detector.trainingError() != null ? "training failed: " + detector.trainingError()
                    : String.format(Locale.ROOT, "no model yet: the first is trained after %d points, %d seen",
                    states.plan().firstAfter(), detector.seen());
            m = new ScoreResponse.Model(ref.id(), null, null, null, ModelStatus.FALLBACK.name(), detail);
        }
        String reason = Reasons.of(p);
        ScoreResponse.Explain explain = null;
        if (request.explain()) {
            long from = request.inline() ? Long.MIN_VALUE : end - request.window().toMillis();
            explain = explain(detector.between(from, end));
        }
        return new ScoreResponse.Result(s.labels(), Instant.ofEpochMilli(p.timestamp()), p.anomalous(), p.score(),
                p.value(), forecast(p.forecast(), p.bandLow(), p.bandHigh()),
                new ScoreResponse.Decision(p.component().name().toLowerCase(Locale.ROOT), reason, p.ratio(),
                        p.eventStart() < 0 ? null : Instant.ofEpochMilli(p.eventStart())),
                List.of(reason), m, now(detector.now(p.timestamp())), explain);
    }

    static ScoreResponse.Now now(Now n) {
        if (n == null) {
            return null;
        }
        return new ScoreResponse.Now(n.outside(), n.run(), n.runMillis() / 1000.0,
                Instant.ofEpochMilli(n.since()), n.value(), finite(n.normalLow()), finite(n.normalHigh()),
                finite(n.forecastLow()), finite(n.forecastHigh()), Reasons.now(n));
    }

    private ScoreResponse.Explain explain(List<Point> points) {
        int n = points.size();
        double[] ts = new double[n];
        double[] values = new double[n];
        List<Double> forecast = new ArrayList<>(n);
        List<Double> low = new ArrayList<>(n);
        List<Double> high = new ArrayList<>(n);
        double[] score = new double[n];
        boolean[] anomalous = new boolean[n];
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            ts[i] = p.timestamp() / 1000.0;
            values[i] = p.value();
            forecast.add(finite(p.forecast()));
            low.add(finite(p.bandLow()));
            high.add(finite(p.bandHigh()));
            score[i] = p.score();
            anomalous[i] = p.anomalous();
        }
        return new ScoreResponse.Explain(ts, values, forecast, low, high, score, anomalous,
                config.scoring().threshold());
    }

    /** The answer while the series' state is not there yet: the fallback over the request's window. */
    private ScoreResponse.Result pending(Series s, SeriesRef ref, ModelStatus status, String detail) {
        TrainingData window = TrainingData.finite(s.timestamps(), s.values());
        PointScore p = FallbackScorer.scoreLatest(window.values());
        double threshold = config.scoring().threshold();
        boolean anomalous = p.score() >= threshold;
        String reason = p.reasons().get(0);
        long at = window.timestamps()[window.timestamps().length - 1] * 1000;
        Now now = new Now(at, at, fallbackOutsideNow(window.values()), 1, 0, p.actual(), p.bandLow(), p.bandHigh(),
                p.bandLow(), p.bandHigh(), 0);
        return new ScoreResponse.Result(s.labels(), Instant.ofEpochMilli(at), anomalous, p.score(), p.actual(),
                forecast(p.forecast(), p.bandLow(), p.bandHigh()),
                new ScoreResponse.Decision("fallback", reason, p.lstmRatio(), null), List.of(reason),
                new ScoreResponse.Model(ref.id(), null, null, null, status.name(), detail), now(now), null);
    }

    /** "Now" by the fallback over a window: 2 of its latest 3 points outside the median/MAD band of the points before each. */
    static boolean fallbackOutsideNow(double[] window) {
        int outside = 0;
        for (int k = 0; k < SeriesDetector.NOW_POINTS; k++) {
            int end = window.length - k;
            if (end >= FallbackScorer.MIN_POINTS
                    && FallbackScorer.scoreLatest(java.util.Arrays.copyOf(window, end)).lstmRatio() >= 1) {
                outside++;
            }
        }
        return outside >= SeriesDetector.NOW_OUTSIDE;
    }

    private static ScoreResponse.Forecast forecast(double value, double low, double high) {
        return Double.isFinite(value) ? new ScoreResponse.Forecast(value, low, high) : null;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
