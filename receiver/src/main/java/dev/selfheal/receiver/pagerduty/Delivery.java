package dev.selfheal.receiver.pagerduty;

/**
 * How PagerDuty took one event: delivered, refused for good, or to be tried again.
 * {@code maybeReceived}: the request went out and no answer came back (a timeout, a cut
 * connection), so PagerDuty may have it; the next attempt is in doubt.
 */
public record Delivery(Result result, int status, String detail, boolean maybeReceived) {

    public Delivery(Result result, int status, String detail) {
        this(result, status, detail, false);
    }

    public enum Result {
        /** 202: PagerDuty has it. */
        DELIVERED,
        /** 400 and the like: the event is invalid; retrying cannot help. */
        REJECTED,
        /** 429, 5xx, timeouts, I/O errors: try again later. */
        RETRY
    }

    /** The classification of an HTTP status from the Events API. */
    public static Result classify(int status) {
        if (status >= 200 && status < 300) {
            return Result.DELIVERED;
        }
        if (status == 400 || status == 413 || status == 422) {
            return Result.REJECTED;
        }
        return Result.RETRY; // 429, 5xx, and 401/403/404, which a configuration fix can cure
    }
}
