package dev.selfheal.scorer.model;

import java.util.Map;

/** Which series a model is for: its id, the PromQL it comes from (null inline) and its labels. */
public record SeriesRef(String id, String query, Map<String, String> labels) {

    public static SeriesRef of(String query, Map<String, String> labels) {
        return new SeriesRef(ModelIds.of(query, labels), query, Map.copyOf(labels));
    }
}
