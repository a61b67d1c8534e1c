package dev.selfheal.demo.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the demo needs from an episode's timeline (GET /api/v1/episodes/{id}). */
final class Timeline {

    private Timeline() {
    }

    static Optional<String> remediationState(JsonNode e) {
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("remediation")) {
                return Optional.of(t.path("status").asText());
            }
        }
        return Optional.empty();
    }

    /** The PagerDuty event actions in order. */
    static List<String> events(JsonNode e) {
        List<String> events = new ArrayList<>();
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("pagerduty")) {
                events.add(t.path("status").asText());
            }
        }
        return events;
    }

    static long dedupKeys(JsonNode e) {
        List<String> keys = new ArrayList<>();
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("pagerduty") && !keys.contains(t.path("dedupKey").asText())) {
                keys.add(t.path("dedupKey").asText());
            }
        }
        return keys.size();
    }

    static List<JsonNode> decisions(JsonNode e) {
        List<JsonNode> out = new ArrayList<>();
        e.path("timeline").forEach(t -> {
            if (t.path("kind").asText().equals("decision")) {
                out.add(t);
            }
        });
        return out;
    }

    /** The status of the scorer model behind the episode's decision (READY, FALLBACK, ...). */
    static Optional<String> decisionModel(JsonNode e) {
        return decisions(e).stream().map(d -> d.path("scorer").path("model").path("status").asText(""))
                .filter(s -> !s.isEmpty()).findFirst();
    }

    static Instant first(JsonNode e, String kind, String status) {
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals(kind) && (status == null || t.path("status").asText().equals(status))) {
                return Instant.parse(t.path("at").asText());
            }
        }
        return null;
    }

    /** When the decision's persistence wait ended (confirm.persist), or null when it did not wait. */
    static Instant waitedUntil(JsonNode e) {
        for (JsonNode d : decisions(e)) {
            if (d.hasNonNull("waitedUntil")) {
                return Instant.parse(d.path("waitedUntil").asText());
            }
        }
        return null;
    }
}
