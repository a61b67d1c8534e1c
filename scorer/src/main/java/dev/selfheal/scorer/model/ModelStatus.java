package dev.selfheal.scorer.model;

/** Where a series' model stands. */
public enum ModelStatus {
    /** No model yet; training is queued or running. The fallback answers. */
    PENDING,
    /** A trained, calibrated model answers. */
    READY,
    /** Training failed; the fallback answers and the error says why. */
    FAILED,
    /** Too little history to train; the median/MAD fallback answers. */
    FALLBACK
}
