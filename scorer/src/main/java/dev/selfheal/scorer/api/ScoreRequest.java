package dev.selfheal.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.prometheus.MatrixParser;
import dev.selfheal.scorer.prometheus.Series;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A score request: either a PromQL {@code query} with {@code end}, {@code window} and
 * {@code step}, or inline {@code series} in Prometheus' matrix shape; {@code explain} adds what a
 * chart of the window needs.
 */
public record ScoreRequest(String query, Instant end, Duration window, Duration step, List<Series> series,
                           boolean explain) {

    public boolean inline() {
        return series != null;
    }

    public static ScoreRequest parse(byte[] body, ObjectMapper mapper, Duration defaultWindow, Duration defaultStep,
                                     Instant now) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_request", "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "invalid_request", "body must be a JSON object");
        }
        boolean hasQuery = root.hasNonNull("query");
        boolean hasSeries = root.hasNonNull("series");
        if (hasQuery == hasSeries) {
            throw new ApiException(400, "invalid_request", "give exactly one of 'query' (PromQL) or 'series' (inline)");
        }
        JsonNode explainNode = root.path("explain");
        if (!explainNode.isMissingNode() && !explainNode.isNull() && !explainNode.isBoolean()) {
            throw new ApiException(400, "invalid_request", "explain must be true or false");
        }
        boolean explain = explainNode.asBoolean(false);
        if (hasSeries) {
            try {
                return new ScoreRequest(null, null, null, null, MatrixParser.parse(root.get("series"), "series"), explain);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_request", e.getMessage());
            }
        }
        if (!root.get("query").isTextual() || root.get("query").asText().isBlank()) {
            throw new ApiException(400, "invalid_request", "query must be a non-empty PromQL string");
        }
        Duration window = root.hasNonNull("window") ? PromDuration.parse(text(root, "window"), "window") : defaultWindow;
        Duration step = root.hasNonNull("step") ? PromDuration.parse(text(root, "step"), "step") : defaultStep;
        Instant end = root.hasNonNull("end") ? instant(root.get("end")) : now;
        return new ScoreRequest(root.get("query").asText(), end, window, step, null, explain);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            throw new ApiException(400, "invalid_request", field + " must be a string");
        }
        return node.asText();
    }

    private static Instant instant(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_request", "end must be an RFC 3339 time or epoch seconds");
        }
    }
}
