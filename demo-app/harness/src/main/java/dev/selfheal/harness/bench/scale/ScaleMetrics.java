package dev.selfheal.harness.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code bench scorer-scale} reads from the scorer's answers: a quantile or a labelled value
 * in its {@code /q/metrics} exposition, and whether a score answer came from a series' saved model.
 */
final class ScaleMetrics {

    static final String SERIES = "selfheal_scorer_series";
    static final String LOAD = "selfheal_scorer_series_load_duration_seconds";

    private ScaleMetrics() {
    }

    /** The published {@code quantile="q"} of a summary or timer (the largest over its series), or NaN when none is published. */
    static double quantile(String exposition, String name, String q) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") && l.contains("quantile=\"" + q + "\""))
                .mapToDouble(ScaleMetrics::sample).max().orElse(Double.NaN);
    }

    /** The sum of a metric's series carrying {@code label="value"}, or NaN when it has none. */
    static double labelled(String exposition, String name, String label, String value) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") && l.contains(label + "=\"" + value + "\""))
                .mapToDouble(ScaleMetrics::sample).reduce(Double::sum).orElse(Double.NaN);
    }

    /** A timer's {@code _count} (summed over its series), or NaN when it is not published. */
    static double count(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + "_count ") || l.startsWith(name + "_count{"))
                .mapToDouble(ScaleMetrics::sample).reduce(Double::sum).orElse(Double.NaN);
    }

    private static double sample(String line) {
        int labels = line.lastIndexOf('}');
        String[] f = line.substring(labels < 0 ? line.indexOf(' ') : labels + 1).strip().split(" ");
        return Double.parseDouble(f[0]);
    }

    /**
     * True when a score answer's (only) series was decided by a trained model of the version its
     * saved state holds: status READY (not PENDING, FALLBACK or FAILED) and, when one is expected,
     * that version.
     */
    static boolean fromSavedModel(JsonNode answer, Integer expectedVersion) {
        if (answer == null) {
            return false;
        }
        JsonNode model = answer.path("results").path(0).path("model");
        return "READY".equals(model.path("status").asText())
                && (expectedVersion == null || model.path("version").asInt(-1) == expectedVersion);
    }

    /** {@code "resident"} of a {@code GET /api/v1/models} entry: true, false, or null when the scorer does not say. */
    static Boolean resident(JsonNode model) {
        JsonNode r = model.get("resident");
        return r == null || !r.isBoolean() ? null : r.asBoolean();
    }
}
