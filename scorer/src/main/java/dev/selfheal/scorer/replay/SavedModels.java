package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelMetadata;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A series' models for its {@link SeriesDetector}: the saved version when it was trained on the
 * same points (a replay, or another replica trained it), else trained now under the version's
 * lease and saved (the store keeps the newest versions). Training is deterministic (seeded), so
 * a version deleted from disk is the same when trained again, and a replica that waits for
 * another's training loads what it would have trained itself.
 */
final class SavedModels implements SeriesDetector.Models {

    private static final Logger LOG = Logger.getLogger(SavedModels.class);

    private final SeriesRef series;
    private final Detectors detectors;

    SavedModels(SeriesRef series, Detectors detectors) {
        this.series = series;
        this.detectors = detectors;
    }

    @Override
    public int maxPoints() {
        return detectors.settings().maxTrainingPoints();
    }

    @Override
    public DetectorModel saved(int version) throws IOException {
        return detectors.store().load(series.id(), version);
    }

    @Override
    public DetectorModel model(int version, double[] values, long[] timestamps, int leftOut) {
        ModelSettings settings = detectors.settings();
        int points = Math.min(values.length, settings.maxTrainingPoints());
        long trainingTo = timestamps.length == 0 ? Long.MIN_VALUE : timestamps[timestamps.length - 1];
        String lease = "train:" + series.id() + ":v" + version;
        String holder = detectors.replica();
        long waitUntil = Long.MIN_VALUE;
        while (true) {
            Optional<DetectorModel> saved = loadMatching(version, points, trainingTo, leftOut);
            if (saved.isPresent()) {
                return saved.get();
            }
            if (detectors.leases().acquire(lease, holder, detectors.leaseTtl())) {
                try {
                    // Trained by another replica between the look and the lease?
                    Optional<DetectorModel> meanwhile = loadMatching(version, points, trainingTo, leftOut);
                    return meanwhile.isPresent() ? meanwhile.get() : train(version, values, timestamps, leftOut, points);
                } finally {
                    detectors.leases().release(lease, holder);
                }
            }
            // Another replica trains this version now: wait for it to save it (or for its lease to run out).
            if (waitUntil == Long.MIN_VALUE) {
                waitUntil = System.nanoTime() + 2 * detectors.leaseTtl().toNanos();
                LOG.infof("model %s version %d is being trained by another replica; waiting for it", series.id(),
                        version);
            } else if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException("model " + series.id() + " v" + version
                        + " stayed leased by another replica and never appeared");
            }
            try {
                Thread.sleep(200); // polls the shared store; the lease's holder saves within seconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for model " + series.id() + " v" + version);
            }
        }
    }

    private Optional<DetectorModel> loadMatching(int version, int points, long trainingTo, int leftOut) {
        ModelStore store = detectors.store();
        Optional<ModelMetadata> saved = store.metadata(series.id(), version);
        if (saved.isEmpty() || saved.get().trainingPoints() != points || saved.get().trainingTo() != trainingTo
                || !saved.get().settings().equals(detectors.settings())
                || !Integer.valueOf(leftOut).equals(saved.get().leftOutPoints())) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.load(series.id(), version));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("model %s v%d could not be loaded; training it again: %s", series.id(), version, e.getMessage());
            return Optional.empty();
        }
    }

    private DetectorModel train(int version, double[] values, long[] timestamps, int leftOut, int points) {
        long[] started = {0};
        try {
            DetectorModel model = detectors.bounded(() -> {
                started[0] = System.nanoTime(); // the time trained, not the time waited for a training's turn
                return detectors.trainer().train(series, version, values, timestamps, leftOut, detectors.settings(),
                        TrainingProgress.NONE);
            });
            long took = System.nanoTime() - started[0];
            detectors.trained(took, true);
            try {
                detectors.store().save(model);
            } catch (IOException e) {
                LOG.warnf("model %s v%d could not be saved (it serves from memory): %s", series.id(), version,
                        e.getMessage());
            }
            LOG.infof("model %s version %d trained on %d points (%d left out as past anomalous events) in %.1f s "
                    + "by %s", series.id(), version, points, leftOut, took / 1e9, detectors.replica());
            return model;
        } catch (RuntimeException e) {
            detectors.trained(started[0] == 0 ? 0 : System.nanoTime() - started[0], false);
            LOG.warnf("model %s version %d training failed: %s", series.id(), version, e.getMessage());
            throw e;
        }
    }
}
