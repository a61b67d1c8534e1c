package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.config.MemoryBudget;
import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.store.Blobs;
import dev.selfheal.scorer.store.Leases;
import dev.selfheal.scorer.store.Replica;
import dev.selfheal.scorer.store.StoreConfig;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's series states, one per (query, step, labels): created on a series' first request
 * with its grid anchored at that request's {@code end} and its history from {@code end − lookback},
 * and listed in the store ({@code series.json}). After a restart every listed series is known at
 * once and stored: it comes back into memory from its saved state on its first request and reads
 * only the points it missed. Resident series stay within the memory budget ({@link ResidentSeries}).
 */
@ApplicationScoped
public class SeriesStates {

    private static final Logger LOG = Logger.getLogger(SeriesStates.class);

    private final Map<String, SeriesState> states = new ConcurrentHashMap<>();
    /** The same states by what a request names (no hashing on the hot path). */
    private final Map<Key, SeriesState> byKey = new ConcurrentHashMap<>();
    /** The states of each (query, step): one range query advances them together. */
    private final Map<QueryKey, Set<SeriesState>> byQuery = new ConcurrentHashMap<>();
    private final ScorerConfig config;
    private final ModelStore store;
    private final ModelTrainer trainer;
    private final ModelSettings settings;
    private final TrainingPlan plan;
    private final HistoryFetcher fetcher;
    private final Detectors detectors;
    private final ResidentSeries resident;
    private final ExecutorService replays;
    private final ScheduledExecutorService memory;
    private final Timer replayTimer;
    private final Counter replayedPoints;
    private volatile boolean loaded;

    @jakarta.inject.Inject
    public SeriesStates(ScorerConfig config, Clock clock, MeterRegistry meters, PrometheusClient prometheus,
                        Blobs blobs, Leases leases, Replica replica, StoreConfig storeConfig) {
        this(config, clock, meters, prometheus::queryRange, blobs, leases, replica, storeConfig.leaseTtl());
    }

    SeriesStates(ScorerConfig config, Clock clock, MeterRegistry meters, HistoryFetcher.RangeQuery prometheus,
                 Blobs blobs, Leases leases, Replica replica, Duration leaseTtl) {
        this.config = config;
        this.store = new ModelStore(blobs, config.training().keepVersions());
        this.trainer = new ModelTrainer(clock);
        this.settings = ModelSettings.DEFAULT.withEpochs(config.training().epochs());
        this.plan = new TrainingPlan(config.training().firstAfter(), config.training().retrainEvery());
        this.fetcher = new HistoryFetcher(prometheus);
        this.detectors = new Detectors(plan, settings, store, trainer, leases, replica.name(), leaseTtl,
                Math.max(config.training().retainPoints(), 64), config.training().threads(), meters);
        long budget = MemoryBudget.bytes(config.scorerMemoryBudget(), Runtime.getRuntime().maxMemory());
        this.resident = new ResidentSeries(states::values, budget, config.scorerStateSaveInterval().toMillis(), meters);
        this.replays = Executors.newFixedThreadPool(config.training().replayThreads(),
                new BackgroundThreads("series-replay", BackgroundThreads.Priority.LOWER));
        this.memory = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "series-memory");
            t.setDaemon(true);
            return t;
        });
        this.replayTimer = Timer.builder("selfheal.scorer.replay.duration")
                .description("Time to fetch a series' new points and run them through its detector").register(meters);
        this.replayedPoints = Counter.builder("selfheal.scorer.replay.points")
                .description("Points run through series detectors").register(meters);
        LOG.infof("scorer store: %s; replica %s; memory budget for resident series %d MB", blobs.describe(),
                replica.name(), budget >> 20);
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::loadSaved, "series-loader");
        loader.setDaemon(true);
        loader.start();
        memory.scheduleWithFixedDelay(this::memoryRound, 500, 500, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        memory.shutdownNow();
        replays.shutdownNow();
        detectors.shutdown();
        saveAll();
    }

    private void memoryRound() {
        try {
            resident.round();
        } catch (RuntimeException e) {
            LOG.warnf("memory round failed: %s", e.toString());
        }
    }

    /** Lists every saved series (stored: each comes back into memory on its first request). */
    void loadSaved() {
        try {
            List<ModelStore.SavedSeries> saved = store.series();
            Map<String, byte[]> summaries = store.blobs().all(Detectors.SUMMARY);
            for (ModelStore.SavedSeries s : saved) {
                SeriesRef ref = new SeriesRef(s.id(), s.query(), s.labels());
                SeriesState state = states.computeIfAbsent(s.id(), id -> create(ref, s.query(), s.stepMillis(),
                        s.originMillis()));
                byte[] summary = summaries.get(s.id());
                if (summary != null && !state.resident()) {
                    detectors.summary(summary).ifPresent(state::summary);
                }
                index(state);
            }
            if (!saved.isEmpty()) {
                LOG.infof("%d saved series known; each comes back from its saved state on its first request",
                        saved.size());
            }
        } catch (IOException e) {
            LOG.warnf("the store (%s) cannot be read: %s", store.blobs().describe(), e.getMessage());
        } finally {
            loaded = true;
        }
    }

    /** True once the saved series are known (readiness). */
    public boolean loaded() {
        return loaded;
    }

    public TrainingPlan plan() {
        return plan;
    }

    public ModelSettings settings() {
        return settings;
    }

    public long residentCount() {
        return resident.resident();
    }

    public long storedCount() {
        return resident.stored();
    }

    public long memoryBudgetBytes() {
        return resident.budgetBytes();
    }

    /** Saves every series whose state changed since it was last saved (at shutdown; tests). */
    void saveAll() {
        resident.saveAll();
    }

    /** Runs one memory round now (tests; the service runs one every 500 ms). */
    void enforceBudget() {
        resident.round();
    }

    /** Range queries sent to Prometheus for series' histories. */
    long rangeQueries() {
        return fetcher.rangeQueries();
    }

    /**
     * The state of a series, created (and listed) on its first request: its grid is anchored at
     * {@code endMillis} and begins a lookback before it.
     */
    public SeriesState state(String query, Duration step, Map<String, String> labels, long endMillis) {
        SeriesState known = byKey.get(new Key(query, step.toMillis(), labels));
        return known != null ? known : create(query, step, labels, endMillis);
    }

    private record Key(String query, long stepMillis, Map<String, String> labels) {
    }

    private record QueryKey(String query, long stepMillis) {
    }

    private void index(SeriesState state) {
        byKey.putIfAbsent(new Key(state.query(), state.stepMillis(), state.ref().labels()), state);
        byQuery.computeIfAbsent(new QueryKey(state.query(), state.stepMillis()), k -> ConcurrentHashMap.newKeySet())
                .add(state);
    }

    private SeriesState create(String query, Duration step, Map<String, String> labels, long endMillis) {
        SeriesRef ref = SeriesRef.of(query + " @" + step.toMillis() / 1000.0 + "s", labels);
        SeriesState state = states.computeIfAbsent(ref.id(), id -> {
            long stepMillis = step.toMillis();
            // Listed already (by another replica sharing the store): its grid, so its saved state fits.
            Optional<ModelStore.SavedSeries> listed = store.series(id).filter(s -> s.stepMillis() == stepMillis);
            if (listed.isPresent()) {
                return create(ref, query, stepMillis, listed.get().originMillis());
            }
            long origin = endMillis - config.training().lookback().toMillis() / stepMillis * stepMillis;
            SeriesState created = create(ref, query, stepMillis, origin);
            try {
                store.saveSeries(new ModelStore.SavedSeries(ref.id(), query, ref.labels(), stepMillis, origin));
            } catch (IOException e) {
                LOG.warnf("series %s could not be listed in the store (it is replayed again after a restart): %s",
                        ref.id(), e.getMessage());
            }
            return created;
        });
        index(state);
        return state;
    }

    private SeriesState create(SeriesRef ref, String query, long stepMillis, long origin) {
        return new SeriesState(ref, query, stepMillis, origin, detectors, fetcher);
    }

    /** Advances the series to {@code endMillis} on the replay threads; gives its detector there. */
    public CompletableFuture<SeriesDetector> advance(SeriesState state, long endMillis) {
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
        return new SeriesDetector(plan, (version, values, timestamps, leftOut) -> detectors.bounded(() -> trainer.train(
                ref, version, values, timestamps, leftOut, settings, TrainingProgress.NONE)),
                Math.max(retain, settings.maxTrainingPoints()));
    }

    /** A detached series' points on a grid anchored at {@code endMillis}, a lookback long. */
    public HistoryFetcher.Points history(String query, Map<String, String> labels, long endMillis, long stepMillis) {
        long origin = endMillis - config.training().lookback().toMillis() / stepMillis * stepMillis;
        return fetcher.fetch(query, labels, origin, endMillis, stepMillis);
    }

    /**
     * Advances every known series of {@code query} at {@code step} to {@code endMillis}, without
     * waiting; when several need points, one range query serves them all.
     */
    public void advanceKnown(String query, Duration step, long endMillis) {
        Set<SeriesState> known = byQuery.get(new QueryKey(query, step.toMillis()));
        if (known == null) {
            return;
        }
        List<SeriesState> behind = known.stream().filter(s -> !s.reached(endMillis)).toList();
        if (behind.size() > 1) {
            SeriesState first = behind.get(0);
            long target = first.gridAtOrBefore(endMillis);
            long from = behind.stream().mapToLong(SeriesState::nextPointAtLeast).min().orElse(target);
            fetcher.expect(query, Math.min(from, target), target, step.toMillis());
        }
        behind.forEach(s -> advance(s, endMillis));
    }

    /** The first grid point after {@code end} of the query's known series at {@code step}, or null when none is known. */
    public java.time.Instant nextGridAfter(String query, Duration step, java.time.Instant end) {
        Set<SeriesState> known = byQuery.get(new QueryKey(query, step.toMillis()));
        if (known == null || known.isEmpty()) {
            return null;
        }
        long next = Long.MAX_VALUE;
        for (SeriesState s : known) {
            next = Math.min(next, s.gridAtOrBefore(end.toEpochMilli()) + s.stepMillis());
        }
        return java.time.Instant.ofEpochMilli(next);
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
