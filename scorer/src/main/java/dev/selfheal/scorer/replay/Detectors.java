package dev.selfheal.scorer.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.store.Leases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes a series' detector: restored from its saved state (the model named by version, loaded
 * from the store), or new; and saves a detector's state with a short summary beside it, which the
 * model list shows for series not in memory.
 */
final class Detectors {

    private static final Logger LOG = Logger.getLogger(Detectors.class);
    static final String SUMMARY = "summary.json";

    private final TrainingPlan plan;
    private final ModelSettings settings;
    private final ModelStore store;
    private final ModelTrainer trainer;
    private final Leases leases;
    private final String replica;
    private final Duration leaseTtl;
    private final int retain;
    private final MeterRegistry meters;
    private final Timer loads;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    /** Where trainings run: this many at once, in the idle CPU class ({@link BackgroundThreads.Priority#IDLE}). */
    private final java.util.concurrent.ExecutorService trainings;

    Detectors(TrainingPlan plan, ModelSettings settings, ModelStore store, ModelTrainer trainer, Leases leases,
              String replica, Duration leaseTtl, int retain, int trainingThreads, MeterRegistry meters) {
        this.trainings = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, trainingThreads),
                new BackgroundThreads("series-training", BackgroundThreads.Priority.IDLE));
        this.plan = plan;
        this.settings = settings;
        this.store = store;
        this.trainer = trainer;
        this.leases = leases;
        this.replica = replica;
        this.leaseTtl = leaseTtl;
        this.retain = retain;
        this.meters = meters;
        this.loads = Timer.builder("selfheal.scorer.series.load.duration")
                .description("Time to bring one series back into memory from its saved state and model")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    TrainingPlan plan() {
        return plan;
    }

    ModelSettings settings() {
        return settings;
    }

    ModelStore store() {
        return store;
    }

    ModelTrainer trainer() {
        return trainer;
    }

    Leases leases() {
        return leases;
    }

    String replica() {
        return replica;
    }

    Duration leaseTtl() {
        return leaseTtl;
    }

    SeriesDetector fresh(SeriesRef ref) {
        return new SeriesDetector(plan, new SavedModels(ref, this), retain);
    }

    /** The series' detector from its saved state, or empty when none is saved or it cannot be used. */
    Optional<SeriesDetector> saved(SeriesRef ref) {
        long started = System.nanoTime();
        try {
            Optional<byte[]> state = store.state(ref.id());
            if (state.isEmpty()) {
                return Optional.empty();
            }
            SeriesDetector d = SeriesDetector.restore(state.get(), plan, new SavedModels(ref, this), retain);
            loads.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return Optional.of(d);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("series %s: its saved state cannot be used (%s); it is replayed from its history", ref.id(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Saves a detector's state (unless a newer one is saved) and its summary; false when it could not. */
    boolean save(SeriesRef ref, byte[] state, SeriesDetector.Reached reached) {
        try {
            store.saveState(ref.id(), SeriesDetector.seenIn(state), state);
            store.blobs().put(ref.id(), SUMMARY, json.writeValueAsBytes(SeriesSummary.of(reached)));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("series %s: its state could not be saved (a restart replays what it misses): %s", ref.id(),
                    e.getMessage());
            return false;
        }
    }

    /** The summary saved with a series' state, if any. */
    Optional<SeriesSummary> summary(byte[] blob) {
        try {
            return Optional.of(json.readValue(blob, SeriesSummary.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs a training on the training threads (at most SELFHEAL_TRAINING_THREADS at once, in the idle
     * CPU class) and waits for it; its exception is the caller's.
     */
    <T> T bounded(java.util.function.Supplier<T> training) {
        try {
            return trainings.submit(training::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a training");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    void shutdown() {
        trainings.shutdownNow();
    }

    /** {@code selfheal_scorer_training_duration_seconds{outcome}}. */
    void trained(long nanos, boolean ok) {
        Timer.builder("selfheal.scorer.training.duration").tag("outcome", ok ? "ready" : "failed")
                .description("Time to train one model version").register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }
}
