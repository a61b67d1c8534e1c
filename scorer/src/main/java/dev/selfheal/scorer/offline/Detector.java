package dev.selfheal.scorer.offline;

/** A causal detector over a whole series: one score in [0, 1] per row. */
public interface Detector {
    double[] score(double[] values);
}
