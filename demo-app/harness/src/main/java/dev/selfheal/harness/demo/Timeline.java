package dev.selfheal.harness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the demo needs from an episode's timeline (GET /api/v1/episodes/{id}). */
final class Timeline {

    private Timeline() {
    }

    /** The entries of one kind, in timeline order. */
    static List<JsonNode> entries(JsonNode e, String kind) {
        List<JsonNode> out = new ArrayList<>();
        e.path("timeline").forEach(t -> {
            if (t.path("kind").asText().equals(kind)) {
                out.add(t);
            }
        });
        return out;
    }

    static Optional<String> remediationState(JsonNode e) {
        return entries(e, "remediation").stream().map(t -> t.path("status").asText()).findFirst();
    }

    /** The PagerDuty event actions in order. */
    static List<String> events(JsonNode e) {
        return entries(e, "pagerduty").stream().map(t -> t.path("status").asText()).toList();
    }

    static long dedupKeys(JsonNode e) {
        return entries(e, "pagerduty").stream().map(t -> t.path("dedupKey").asText()).distinct().count();
    }

    static List<JsonNode> decisions(JsonNode e) {
        return entries(e, "decision");
    }

    /** The status of the scorer model behind the episode's decision (READY, FALLBACK, ...). */
    static Optional<String> decisionModel(JsonNode e) {
        return decisions(e).stream().map(d -> d.path("scorer").path("model").path("status").asText(""))
                .filter(s -> !s.isEmpty()).findFirst();
    }

    static Instant first(JsonNode e, String kind, String status) {
        return entries(e, kind).stream().filter(t -> status == null || t.path("status").asText().equals(status))
                .map(t -> Instant.parse(t.path("at").asText())).findFirst().orElse(null);
    }

    /** When the scorer saw the series back in its band during verification (its first point back), or null. */
    static Instant scorerBack(JsonNode e) {
        return entries(e, "verification").stream().filter(v -> v.hasNonNull("scorerBackAt"))
                .map(v -> Instant.parse(v.path("scorerBackAt").asText())).findFirst().orElse(null);
    }

    /** When the decision's persistence wait ended (confirm.persist), or null when it did not wait. */
    static Instant waitedUntil(JsonNode e) {
        return decisions(e).stream().filter(d -> d.hasNonNull("waitedUntil"))
                .map(d -> Instant.parse(d.path("waitedUntil").asText())).findFirst().orElse(null);
    }
}
