package dev.selfheal.receiver.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.receiver.playbook.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The alerting rules of Prometheus rule files (recording rules are skipped), with their group's interval. */
final class AlertRules {

    /** Prometheus' global evaluation_interval when a group sets none and nothing else is known. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One alerting rule.
     *
     * @param labels the rule's own labels, added to each alert (a templated value is kept as written)
     */
    record Rule(String file, String group, Duration interval, String alert, String expr, Duration holdFor,
                Duration keepFiringFor, Map<String, String> labels) {
    }

    private AlertRules() {
    }

    static List<Rule> read(List<Path> files) {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files) {
            JsonNode root;
            try {
                root = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot be read as YAML: " + e.getMessage());
            }
            if (root == null || !root.path("groups").isArray()) {
                throw new IllegalArgumentException(file + ": not a Prometheus rule file (no 'groups' list)");
            }
            for (JsonNode group : root.path("groups")) {
                String name = group.path("name").asText("?");
                Duration interval = group.hasNonNull("interval")
                        ? duration(group.path("interval").asText(), file + ": group " + name + ": interval")
                        : DEFAULT_INTERVAL;
                if (interval.isZero()) {
                    throw new IllegalArgumentException(file + ": group " + name + ": interval must be over 0");
                }
                for (JsonNode rule : group.path("rules")) {
                    if (!rule.hasNonNull("alert")) {
                        continue; // a recording rule
                    }
                    String where = file + ": group " + name + ": alert " + rule.path("alert").asText();
                    if (!rule.path("expr").isTextual() || rule.path("expr").asText().isBlank()) {
                        throw new IllegalArgumentException(where + ": expr is missing");
                    }
                    Map<String, String> labels = new TreeMap<>();
                    rule.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
                    rules.add(new Rule(file.toString(), name, interval, rule.path("alert").asText(),
                            rule.path("expr").asText(), optional(rule, "for", where),
                            optional(rule, "keep_firing_for", where), Map.copyOf(labels)));
                }
            }
        }
        return rules;
    }

    private static Duration optional(JsonNode rule, String key, String where) {
        return rule.hasNonNull(key) ? duration(rule.path(key).asText(), where + ": " + key) : Duration.ZERO;
    }

    /** A Prometheus duration: {@code 1h30m}, {@code 15s}, {@code 500ms}, {@code 0s}. */
    static Duration duration(String text, String where) {
        return Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(where + ": '" + text
                + "' is not a duration (e.g. 5m, 1h30m, 15s)"));
    }
}
