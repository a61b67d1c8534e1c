package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelMetadata;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A series' models for its {@link SeriesDetector}: the saved version when it was trained on the
 * same points (a replay after a restart), else trained now and saved (the store keeps the newest
 * versions). Training is deterministic (seeded), so a version deleted from disk is the same when
 * trained again.
 */
final class SavedModels implements SeriesDetector.Models {

    private static final Logger LOG = Logger.getLogger(SavedModels.class);

    private final SeriesRef series;
    private final ModelStore store;
    private final ModelTrainer trainer;
    private final ModelSettings settings;
    private final MeterRegistry meters;

    SavedModels(SeriesRef series, ModelStore store, ModelTrainer trainer, ModelSettings settings, MeterRegistry meters) {
        this.series = series;
        this.store = store;
        this.trainer = trainer;
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public int maxPoints() {
        return settings.maxTrainingPoints();
    }

    @Override
    public DetectorModel model(int version, double[] values, long[] timestamps, int leftOut) {
        Optional<ModelMetadata> saved = store.metadata(series.id(), version);
        int points = Math.min(values.length, settings.maxTrainingPoints());
        if (saved.isPresent() && saved.get().trainingPoints() == points && timestamps.length > 0
                && saved.get().trainingTo() == timestamps[timestamps.length - 1]
                && saved.get().settings().equals(settings)
                && Integer.valueOf(leftOut).equals(saved.get().leftOutPoints())) {
            try {
                return store.load(series.id(), version);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("model %s v%d could not be loaded; training it again: %s", series.id(), version, e.getMessage());
            }
        }
        long started = System.nanoTime();
        try {
            DetectorModel model = trainer.train(series, version, values, timestamps, leftOut, settings,
                    TrainingProgress.NONE);
            timer("ready").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            try {
                store.save(model);
            } catch (IOException e) {
                LOG.warnf("model %s v%d could not be saved (it serves from memory): %s", series.id(), version,
                        e.getMessage());
            }
            LOG.infof("model %s version %d trained on %d points (%d left out as past anomalous events) in %.1f s",
                    series.id(), version, points, leftOut, (System.nanoTime() - started) / 1e9);
            return model;
        } catch (RuntimeException e) {
            timer("failed").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            LOG.warnf("model %s version %d training failed: %s", series.id(), version, e.getMessage());
            throw e;
        }
    }

    /** {@code selfheal_scorer_training_duration_seconds{outcome}}. */
    private Timer timer(String outcome) {
        return Timer.builder("selfheal.scorer.training.duration").tag("outcome", outcome)
                .description("Time to train one model version").register(meters);
    }
}
