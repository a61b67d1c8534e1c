package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What became of a confirm query, read from the receiver's episode (its {@code GET
 * /api/v1/episodes/{id}}): the decision's scorer answer from a trained model, from the scorer's
 * fallback (the series had no model yet: still an answer), the scorer unavailable (no replica
 * answered: the receiver's decision says so), or no decision at all. Pure.
 */
enum ConfirmAnswer {
    MODEL, FALLBACK, UNAVAILABLE, NO_DECISION;

    /** An answer the scorer gave (from a model or its fallback). */
    boolean answered() {
        return this == MODEL || this == FALLBACK;
    }

    /** The first decision of the episode's timeline, classified. */
    static ConfirmAnswer of(JsonNode episode) {
        for (JsonNode t : episode.path("timeline")) {
            if (!"decision".equals(t.path("kind").asText())) {
                continue;
            }
            if (t.path("reason").asText("").contains("the scorer is unavailable")) {
                return UNAVAILABLE;
            }
            return t.path("model").asText("").startsWith("READY") ? MODEL : FALLBACK;
        }
        return NO_DECISION;
    }
}
