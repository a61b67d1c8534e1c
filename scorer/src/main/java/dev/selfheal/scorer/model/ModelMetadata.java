package dev.selfheal.scorer.model;

import java.time.Instant;
import java.util.List;

/** Saved beside a model's parameters: enough to load it and to explain its scores. */
public record ModelMetadata(
        String id,
        String query,
        java.util.Map<String, String> labels,
        int version,
        Instant trainedAt,
        int trainingPoints,
        long trainingFrom,
        long trainingTo,
        ModelSettings settings,
        List<String> featureOrder,
        double scalerMedian,
        double scalerScale,
        Calibration calibration) {
}
