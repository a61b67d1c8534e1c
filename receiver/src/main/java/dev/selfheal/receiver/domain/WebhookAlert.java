package dev.selfheal.receiver.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One alert of an Alertmanager webhook, validated.
 *
 * @param endsAt empty when Alertmanager sent its zero time {@code 0001-01-01T00:00:00Z}
 */
public record WebhookAlert(
        AlertStatus status,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations,
        Instant startsAt,
        Optional<Instant> endsAt,
        String generatorUrl,
        String fingerprint) {

    public String alertname() {
        return labels.getOrDefault("alertname", "");
    }

    public Map<String, String> labelsView() {
        return java.util.Collections.unmodifiableMap(labels);
    }
}
