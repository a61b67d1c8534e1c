package dev.selfheal.scorer.model;

import dev.selfheal.scorer.config.ScorerConfig;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The scorer's models, one per series: loaded from the model directory at start, trained in the
 * background on one thread (PyTorch trains one model at a time per process), saved after
 * training. A replaced model is closed a while later, once no request can still be using it.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final long CLOSE_DELAY_SECONDS = 60;

    private final Map<String, ModelEntry> entries = new ConcurrentHashMap<>();
    private final ModelTrainer trainer;
    private final ModelStore store;
    private final ModelSettings settings;
    private final ExecutorService training;
    private final ScheduledExecutorService closer;
    private volatile boolean loaded;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    public ModelRegistry(ScorerConfig config, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.trainer = new ModelTrainer(clock);
        this.store = new ModelStore(config.modelDir());
        this.settings = ModelSettings.DEFAULT.withEpochs(config.training().epochs());
        this.training = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(config.training().queueSize()), r -> daemon(r, "model-training"));
        this.closer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "model-closer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = daemon(this::loadSaved, "model-loader");
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        training.shutdownNow();
        closer.shutdownNow();
    }

    void loadSaved() {
        try {
            for (String id : store.ids()) {
                try {
                    DetectorModel model = store.load(id);
                    ModelMetadata m = model.metadata();
                    ModelEntry entry = entries.computeIfAbsent(id, k -> new ModelEntry(id, m.query(),
                            m.labels() == null ? Map.of() : m.labels()));
                    entry.ready(model);
                    LOG.infof("loaded model %s (version %d, trained %s on %d points)", id, m.version(), m.trainedAt(),
                            m.trainingPoints());
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("model %s could not be loaded and will be retrained: %s", id, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("model directory %s cannot be read: %s", store.root(), e.getMessage());
        } finally {
            loaded = true;
        }
    }

    /** True once the saved models were loaded (readiness). */
    public boolean loaded() {
        return loaded;
    }

    public ModelSettings settings() {
        return settings;
    }

    public ModelEntry entry(SeriesRef series) {
        return entries.computeIfAbsent(series.id(), id -> new ModelEntry(id, series.query(), series.labels()));
    }

    public Optional<ModelEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public Collection<ModelEntry> all() {
        return List.copyOf(entries.values());
    }

    /**
     * Queues training unless the series is already queued or training. Returns false when the
     * queue is full (the request is answered by the fallback and training is asked for again later).
     */
    public boolean requestTraining(ModelEntry entry, Supplier<TrainingData> history) {
        entry.history(history);
        if (!entry.queue()) {
            return true;
        }
        try {
            training.execute(() -> train(entry));
            return true;
        } catch (RejectedExecutionException e) {
            entry.failed(entry.status(), "training queue is full; will be asked again");
            return false;
        }
    }

    /** Where the scheduled retraining fetches this series' history from (the latest request's source). */
    public void rememberHistory(ModelEntry entry, Supplier<TrainingData> history) {
        entry.history(history);
    }

    /** Waits up to the budget for a model to become ready. */
    public Optional<DetectorModel> awaitReady(ModelEntry entry, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (entry.model() == null && entry.training() != ModelEntry.Training.IDLE && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.ofNullable(entry.model());
    }

    private void train(ModelEntry entry) {
        SeriesRef series = new SeriesRef(entry.id(), entry.query(), entry.labels());
        entry.running(settings.epochs());
        long started = System.nanoTime();
        try {
            TrainingData data = entry.history().get();
            int version = entry.model() == null ? 1 : entry.model().metadata().version() + 1;
            DetectorModel model = trainer.train(series, version, data.values(), data.timestamps(), settings,
                    (epoch, epochs, loss) -> {
                        entry.progress(epoch, loss);
                        LOG.infof("model %s epoch %d/%d loss %.5f", entry.id(), epoch, epochs, loss);
                    });
            store.save(model);
            DetectorModel old = entry.ready(model);
            if (old != null) {
                closer.schedule(old::close, CLOSE_DELAY_SECONDS, TimeUnit.SECONDS);
            }
            trained("ready", started);
            LOG.infof("model %s version %d trained on %d points in %.1f s (final loss %.5f)", entry.id(), version,
                    model.metadata().trainingPoints(), (System.nanoTime() - started) / 1e9, entry.loss());
        } catch (NotEnoughHistoryException e) {
            trained("not_enough_history", started);
            entry.failed(ModelStatus.FALLBACK, e.getMessage());
            LOG.infof("model %s: %s; the median/MAD fallback answers", entry.id(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            trained("failed", started);
            entry.failed(ModelStatus.FAILED, e.getMessage());
            LOG.warnf("model %s training failed: %s", entry.id(), e.getMessage());
        }
    }

    /** {@code selfheal_scorer_training_duration_seconds{outcome}}: fetching the history and training. */
    private void trained(String outcome, long startedNanos) {
        io.micrometer.core.instrument.Timer.builder("selfheal.scorer.training.duration").tag("outcome", outcome)
                .description("Time to fetch a series' history and train its model").register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
