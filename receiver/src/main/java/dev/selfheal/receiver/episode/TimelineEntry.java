package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry of an episode's timeline, by {@code kind}: "delivery" (from Alertmanager), "decision"
 * (a playbook's decision in {@code status}, with the score, the query, the {@code model} that
 * decided and the scorer's answer in {@code scorer}: what decided and why, the window's chart
 * data; {@code waitedUntil} when the playbook's persistence wait ended), "remediation" (its
 * state and outcome, and its {@code id} for approvals), "action" (an execution: state in
 * {@code status}, result in {@code reason}, the target's {@code before} and {@code after}),
 * "verification" ({@code status} healed or not-healed) and "pagerduty" (an event: its action in
 * {@code status}, delivery state in {@code reason}).
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
        String target,
        Long id,
        String before,
        String after,
        String dedupKey,
        String model,
        @com.fasterxml.jackson.annotation.JsonRawValue String scorer,
        Instant waitedUntil) {

    static TimelineEntry delivery(Instant at, String status, Instant endsAt, String groupKey, String receiver,
                                  int truncatedAlerts) {
        return new TimelineEntry(at, "delivery", status, endsAt, groupKey, receiver, truncatedAlerts, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    static TimelineEntry action(Instant at, String playbook, String state, String detail, String what, String before,
                                String after) {
        return new TimelineEntry(at, "action", state, null, null, null, null, playbook, detail, null, null, what, null,
                before, after, null, null, null, null);
    }

    static TimelineEntry decision(Instant at, String playbook, String kind, String reason, Double score, String query,
                                  String model, String scorer, Instant waitedUntil) {
        return new TimelineEntry(at, "decision", kind, null, null, null, null, playbook, reason, score, query, null,
                null, null, null, null, model, scorer, waitedUntil);
    }

    static TimelineEntry remediation(Instant at, long id, String playbook, String state, String outcome) {
        return new TimelineEntry(at, "remediation", state, null, null, null, null, playbook, outcome, null, null, null,
                id, null, null, null, null, null, null);
    }

    static TimelineEntry verification(Instant at, String playbook, boolean healed, String detail) {
        return new TimelineEntry(at, "verification", healed ? "healed" : "not-healed", null, null, null, null, playbook,
                detail, null, null, null, null, null, null, null, null, null, null);
    }

    static TimelineEntry pagerduty(Instant at, String playbook, String eventAction, String state, String dedupKey) {
        return new TimelineEntry(at, "pagerduty", eventAction, null, null, null, null, playbook, state, null, null, null,
                null, null, null, dedupKey, null, null, null);
    }
}
