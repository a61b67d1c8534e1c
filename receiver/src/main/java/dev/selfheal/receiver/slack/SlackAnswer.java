package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.selfheal.receiver.pagerduty.Delivery;
import java.time.Duration;
import java.util.Set;

/**
 * How Slack took one call: the outbox's {@link Delivery} (delivered, dead, retry; in doubt when no
 * answer came back), Slack's answer, and how long Slack asked us to wait ({@code Retry-After}).
 * The classification of every answer is here and only here.
 */
public record SlackAnswer(Delivery delivery, JsonNode body, Duration retryAfter) {

    /**
     * Errors that a later attempt may cure (https://api.slack.com/web#evaluating_responses):
     * ratelimited, Slack's own trouble. Every other {@code "ok": false} is the request or the
     * set-up being wrong (not_in_channel, channel_not_found, invalid_auth, ...): dead, for a human.
     */
    static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "team_added_to_org");

    /** The classification of an HTTP status and, on a 200, Slack's {@code ok} and {@code error}. */
    public static Delivery.Result classify(int status, boolean ok, String error) {
        if (status == 429 || status >= 500) {
            return Delivery.Result.RETRY;
        }
        if (status != 200) {
            return status == 408 ? Delivery.Result.RETRY : Delivery.Result.REJECTED;
        }
        if (ok) {
            return Delivery.Result.DELIVERED;
        }
        return TRANSIENT.contains(error) ? Delivery.Result.RETRY : Delivery.Result.REJECTED;
    }

    /** No answer: Slack could not be reached ({@code maybeReceived} when the request may have gone out). */
    static SlackAnswer unreachable(String detail, boolean maybeReceived) {
        return new SlackAnswer(new Delivery(Delivery.Result.RETRY, 0, detail, maybeReceived), MissingNode.getInstance(),
                Duration.ZERO);
    }

    public boolean ok() {
        return delivery.result() == Delivery.Result.DELIVERED;
    }

    /** Slack's error word ({@code channel_not_found}), empty when it answered ok or not at all. */
    public String error() {
        return body.path("error").asText("");
    }
}
