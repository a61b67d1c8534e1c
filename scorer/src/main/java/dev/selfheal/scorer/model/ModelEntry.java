package dev.selfheal.scorer.model;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One series in the registry: its current model (if any), its status and its training progress.
 * Mutated only by the registry; read by the API.
 */
public final class ModelEntry {

    public enum Training { IDLE, QUEUED, RUNNING }

    private final String id;
    private final String query;
    private final Map<String, String> labels;
    private volatile ModelStatus status = ModelStatus.PENDING;
    private volatile DetectorModel model;
    private volatile Training training = Training.IDLE;
    private volatile int epoch;
    private volatile int epochs;
    private volatile double loss = Double.NaN;
    private volatile String error;
    private volatile Supplier<TrainingData> history;

    ModelEntry(String id, String query, Map<String, String> labels) {
        this.id = id;
        this.query = query;
        this.labels = Map.copyOf(labels);
    }

    public String id() {
        return id;
    }

    /** The PromQL the series comes from; null for inline series. */
    public String query() {
        return query;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public ModelStatus status() {
        return status;
    }

    public DetectorModel model() {
        return model;
    }

    public Training training() {
        return training;
    }

    public int epoch() {
        return epoch;
    }

    public int epochs() {
        return epochs;
    }

    public double loss() {
        return loss;
    }

    public String error() {
        return error;
    }

    Supplier<TrainingData> history() {
        return history;
    }

    void history(Supplier<TrainingData> source) {
        this.history = source;
    }

    synchronized boolean queue() {
        if (training != Training.IDLE) {
            return false;
        }
        training = Training.QUEUED;
        return true;
    }

    void running(int totalEpochs) {
        training = Training.RUNNING;
        epoch = 0;
        epochs = totalEpochs;
        loss = Double.NaN;
    }

    void progress(int currentEpoch, double currentLoss) {
        epoch = currentEpoch;
        loss = currentLoss;
    }

    /** Installs a new model and returns the one it replaces (to close once no request uses it). */
    DetectorModel ready(DetectorModel trained) {
        DetectorModel old = model;
        model = trained;
        status = ModelStatus.READY;
        error = null;
        training = Training.IDLE;
        return old;
    }

    void failed(ModelStatus newStatus, String reason) {
        if (model == null) {
            status = newStatus;
        }
        error = reason;
        training = Training.IDLE;
    }
}
