package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry of an episode's timeline: a distinct delivery from Alertmanager ({@code kind}
 * "delivery"), a playbook's decision ({@code kind} "decision", with the decision in
 * {@code status}), or an action execution ({@code kind} "action": state in {@code status},
 * result in {@code reason}, action and target in {@code target}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(
        Instant at,
        String kind,
        String status,
        Instant endsAt,
        String groupKey,
        String receiver,
        Integer truncatedAlerts,
        String playbook,
        String reason,
        Double score,
        String query,
        String target) {

    static TimelineEntry delivery(Instant at, String status, Instant endsAt, String groupKey, String receiver,
                                  int truncatedAlerts) {
        return new TimelineEntry(at, "delivery", status, endsAt, groupKey, receiver, truncatedAlerts, null, null, null,
                null, null);
    }

    static TimelineEntry action(Instant at, String playbook, String state, String detail, String what) {
        return new TimelineEntry(at, "action", state, null, null, null, null, playbook, detail, null, null, what);
    }

    static TimelineEntry decision(Instant at, String playbook, String kind, String reason, Double score, String query) {
        return new TimelineEntry(at, "decision", kind, null, null, null, null, playbook, reason, score, query, null);
    }
}
