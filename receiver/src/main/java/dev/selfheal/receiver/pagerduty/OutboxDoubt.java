package dev.selfheal.receiver.pagerduty;

/** How an outbox event left in doubt by an attempt without an answer was settled: stored by name, checked by the store (V19). */
public enum OutboxDoubt {
    /** PagerDuty's REST API showed the event had arrived: recorded as delivered, not sent again. */
    CONFIRMED,
    /** It could not tell (no REST API token, a re-trigger, or the API failing too long): sent again. */
    RESENT
}
