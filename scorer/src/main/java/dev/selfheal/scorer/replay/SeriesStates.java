package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's series states, one per (query, step, labels): created on a series' first request
 * with its grid anchored at that request's {@code end} and its history from {@code end − lookback},
 * saved ({@code series.json}) so a restart replays them again at start, on their saved grid, with
 * their saved model versions.
 */
@ApplicationScoped
public class SeriesStates {

    private static final Logger LOG = Logger.getLogger(SeriesStates.class);

    private final Map<String, SeriesState> states = new ConcurrentHashMap<>();
    /** The same states by what a request names (no hashing on the hot path). */
    private final Map<Key, SeriesState> byKey = new ConcurrentHashMap<>();
    private final ScorerConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ModelStore store;
    private final ModelTrainer trainer;
    private final ModelSettings settings;
    private final TrainingPlan plan;
    private final HistoryFetcher fetcher;
    private final ExecutorService replays;
    private final Timer replayTimer;
    private final Counter replayedPoints;
    private volatile boolean loaded;

    public SeriesStates(ScorerConfig config, Clock clock, MeterRegistry meters, PrometheusClient prometheus) {
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.store = new ModelStore(config.modelDir(), config.training().keepVersions());
        this.trainer = new ModelTrainer(clock);
        this.settings = ModelSettings.DEFAULT.withEpochs(config.training().epochs());
        this.plan = new TrainingPlan(config.training().firstAfter(), config.training().retrainEvery());
        this.fetcher = new HistoryFetcher(prometheus);
        this.replays = Executors.newFixedThreadPool(config.training().replayThreads(), r -> {
            Thread t = new Thread(r, "series-replay");
            t.setDaemon(true);
            return t;
        });
        this.replayTimer = Timer.builder("selfheal.scorer.replay.duration")
                .description("Time to fetch a series' new points and run them through its detector").register(meters);
        this.replayedPoints = Counter.builder("selfheal.scorer.replay.points")
                .description("Points run through series detectors").register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::replaySaved, "series-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        replays.shutdownNow();
    }

    /** Rebuilds every saved series' state up to now, in the background. */
    void replaySaved() {
        try {
            List<ModelStore.SavedSeries> saved = store.series();
            long now = clock.millis();
            for (ModelStore.SavedSeries s : saved) {
                SeriesRef ref = new SeriesRef(s.id(), s.query(), s.labels());
                SeriesState state = states.computeIfAbsent(s.id(), id -> create(ref, s.query(), s.stepMillis(),
                        s.originMillis()));
                byKey.putIfAbsent(new Key(s.query(), s.stepMillis(), ref.labels()), state);
                advance(state, now);
            }
            if (!saved.isEmpty()) {
                LOG.infof("replaying %d saved series from their history", saved.size());
            }
        } catch (IOException e) {
            LOG.warnf("model directory %s cannot be read: %s", store.root(), e.getMessage());
        } finally {
            loaded = true;
        }
    }

    /** True once the saved series are known (readiness); their replays may still run. */
    public boolean loaded() {
        return loaded;
    }

    public TrainingPlan plan() {
        return plan;
    }

    public ModelSettings settings() {
        return settings;
    }

    /**
     * The state of a series, created (and saved) on its first request: its grid is anchored at
     * {@code endMillis} and begins a lookback before it.
     */
    public SeriesState state(String query, Duration step, Map<String, String> labels, long endMillis) {
        Key key = new Key(query, step.toMillis(), labels);
        SeriesState known = byKey.get(key);
        if (known != null) {
            return known;
        }
        SeriesState state = create(query, step, labels, endMillis);
        byKey.putIfAbsent(key, state);
        return state;
    }

    private record Key(String query, long stepMillis, Map<String, String> labels) {
    }

    private SeriesState create(String query, Duration step, Map<String, String> labels, long endMillis) {
        SeriesRef ref = SeriesRef.of(query + " @" + step.toMillis() / 1000.0 + "s", labels);
        return states.computeIfAbsent(ref.id(), id -> {
            long stepMillis = step.toMillis();
            long origin = endMillis - config.training().lookback().toMillis() / stepMillis * stepMillis;
            SeriesState state = create(ref, query, stepMillis, origin);
            try {
                store.saveSeries(new ModelStore.SavedSeries(ref.id(), query, ref.labels(), stepMillis, origin));
            } catch (IOException e) {
                LOG.warnf("series %s could not be saved (it is replayed again after a restart): %s", ref.id(),
                        e.getMessage());
            }
            return state;
        });
    }

    private SeriesState create(SeriesRef ref, String query, long stepMillis, long origin) {
        SeriesDetector detector = new SeriesDetector(plan, new SavedModels(ref, store, trainer, settings, meters),
                retain());
        return new SeriesState(ref, query, stepMillis, origin, detector, fetcher);
    }

    private int retain() {
        return Math.max(config.training().retainPoints(), settings.maxTrainingPoints());
    }

    /** Advances the series to {@code endMillis} on the replay threads. */
    public CompletableFuture<Void> advance(SeriesState state, long endMillis) {
        long started = System.nanoTime();
        return state.advanceTo(endMillis, replays, points -> {
            replayTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            replayedPoints.increment(points);
        });
    }

    /**
     * A detector of its own for a request about a time before what a state keeps, or for inline
     * points: models trained in memory, never saved.
     */
    public SeriesDetector detached(SeriesRef ref, int retain) {
        return new SeriesDetector(plan, (version, values, timestamps, leftOut) -> trainer.train(ref, version,
                values, timestamps, leftOut, settings, TrainingProgress.NONE), Math.max(retain, settings.maxTrainingPoints()));
    }

    /** A detached series' points on a grid anchored at {@code endMillis}, a lookback long. */
    public HistoryFetcher.Points history(String query, Map<String, String> labels, long endMillis, long stepMillis) {
        long origin = endMillis - config.training().lookback().toMillis() / stepMillis * stepMillis;
        return fetcher.fetch(query, labels, origin, endMillis, stepMillis);
    }

    /** Advances every known series of {@code query} at {@code step} to {@code endMillis}, without waiting. */
    public void advanceKnown(String query, Duration step, long endMillis) {
        long stepMillis = step.toMillis();
        for (var e : byKey.entrySet()) {
            if (e.getKey().stepMillis() == stepMillis && e.getKey().query().equals(query)
                    && !e.getValue().reached(endMillis)) {
                advance(e.getValue(), endMillis);
            }
        }
    }

    /** The first grid point after {@code end} of the query's known series at {@code step}, or null when none is known. */
    public java.time.Instant nextGridAfter(String query, Duration step, java.time.Instant end) {
        long stepMillis = step.toMillis();
        long next = Long.MAX_VALUE;
        for (var e : byKey.entrySet()) {
            if (e.getKey().stepMillis() == stepMillis && e.getKey().query().equals(query)) {
                next = Math.min(next, e.getValue().gridAtOrBefore(end.toEpochMilli()) + stepMillis);
            }
        }
        return next == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(next);
    }

    /** The state a request names, if it exists; never creates one. */
    public Optional<SeriesState> find(String query, Duration step, Map<String, String> labels) {
        return Optional.ofNullable(byKey.get(new Key(query, step.toMillis(), labels)));
    }

    public Optional<SeriesState> find(String id) {
        return Optional.ofNullable(states.get(id));
    }

    public Collection<SeriesState> all() {
        return List.copyOf(states.values());
    }
}
