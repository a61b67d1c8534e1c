package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One occurrence of an alert, keyed by (fingerprint, startsAt), as the episodes API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Episode(
        long id,
        String fingerprint,
        String status,
        String alertname,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String alertmanagerURL,
        Instant createdAt,
        Instant updatedAt,
        List<TimelineEntry> timeline) {
}
