package dev.selfheal.receiver.pagerduty;

/** How PagerDuty took one event: delivered, refused for good, or to be tried again. */
public record Delivery(Result result, int status, String detail) {

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
