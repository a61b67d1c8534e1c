package dev.selfheal.harness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Prints an episode's timeline entries as they appear, relative to the moment the fault was injected. */
final class TimelinePrinter {

    private final Instant t0;
    private final Set<String> seen = new HashSet<>();

    TimelinePrinter(Instant t0) {
        this.t0 = t0;
    }

    void line(String text) {
        System.out.printf(Locale.ROOT, "  +%6.1fs  %s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0, text);
    }

    /** Prints the entries of the episode not printed yet. */
    void show(JsonNode episode) {
        for (JsonNode e : episode.path("timeline")) {
            String key = e.path("kind").asText() + "|" + e.path("status").asText() + "|" + e.path("at").asText()
                    + "|" + e.path("reason").asText();
            if (e.path("kind").asText().equals("remediation") || e.path("kind").asText().equals("pagerduty")) {
                key = e.path("kind").asText() + "|" + e.path("status").asText() + "|" + e.path("id").asText()
                        + e.path("at").asText() + (e.path("kind").asText().equals("pagerduty") ? e.path("reason").asText() : "");
            }
            if (seen.add(key)) {
                line(describe(e) + scorerBack(e));
            }
        }
    }

    /** When the scorer saw the series back in its band, relative to the fault, for a verification that says so. */
    private String scorerBack(JsonNode e) {
        if (!e.hasNonNull("scorerBackAt")) {
            return "";
        }
        Instant back = Instant.parse(e.path("scorerBackAt").asText());
        return String.format(Locale.ROOT, " [the scorer saw the error ratio back in its band at +%.1fs]",
                Duration.between(t0, back).toMillis() / 1000.0);
    }

    /** Which model decided and on what: the component, the value against the forecast and its band. */
    static String evidence(JsonNode e) {
        JsonNode scorer = e.path("scorer");
        if (scorer.isMissingNode() || scorer.isNull()) {
            return e.has("score") ? String.format(Locale.ROOT, " (score %.2f)", e.path("score").asDouble()) : "";
        }
        JsonNode model = scorer.path("model");
        String by = model.path("status").asText().equals("READY")
                ? "model " + model.path("id").asText() + " v" + model.path("version").asText() + " (READY)"
                : model.path("status").asText("?") + " (median/MAD fallback)";
        JsonNode f = scorer.path("forecast");
        String on = f.isMissingNode() || f.isNull() ? String.format(Locale.ROOT, "value %.3f", scorer.path("value").asDouble())
                : String.format(Locale.ROOT, "actual %.3f vs forecast %.3f, band %.3f..%.3f", scorer.path("value").asDouble(),
                        f.path("value").asDouble(), f.path("low").asDouble(), f.path("high").asDouble());
        return String.format(Locale.ROOT, " by %s on %s, %s at %.2f× its threshold", by, on,
                scorer.path("decision").path("component").asText("?"), scorer.path("decision").path("ratio").asDouble());
    }

    private static String describe(JsonNode e) {
        String status = e.path("status").asText();
        return switch (e.path("kind").asText()) {
            case "delivery" -> "webhook received from Alertmanager: " + status;
            case "decision" -> "decision " + status + evidence(e) + ": " + e.path("reason").asText();
            case "remediation" -> "remediation " + status.toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (e.has("reason") ? ": " + e.path("reason").asText() : "");
            case "action" -> "action " + e.path("target").asText() + " → " + status
                    + (e.path("reason").asText().isEmpty() ? "" : ": " + e.path("reason").asText());
            case "verification" -> "verification: " + e.path("reason").asText();
            case "pagerduty" -> "PagerDuty " + status + " event (" + e.path("reason").asText() + ", dedup_key "
                    + e.path("dedupKey").asText().substring(0, Math.min(12, e.path("dedupKey").asText().length())) + "…)";
            default -> e.toString();
        };
    }
}
