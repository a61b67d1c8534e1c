package dev.selfheal.scorer.model;

import java.time.Instant;
import java.util.List;

/**
 * Saved beside a model's parameters: enough to load it and to explain its scores.
 * {@code trainingPoints} were used; {@code leftOutPoints} of the series' history in the same span
 * were left out of training and calibration as points of its own past anomalous events (null in
 * models saved before that rule).
 */
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
        Calibration calibration,
        Integer leftOutPoints) {
}
