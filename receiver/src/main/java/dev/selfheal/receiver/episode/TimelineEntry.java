package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One entry of an episode's timeline: for now, each distinct delivery from Alertmanager. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(
        Instant at,
        String kind,
        String status,
        Instant endsAt,
        String groupKey,
        String receiver,
        int truncatedAlerts) {
}
