package dev.selfheal.receiver.pagerduty;

/** Where a PagerDuty outbox row is: stored by name, checked by the store (V12). */
public enum OutboxState {
    /** Not delivered yet; due at {@code next_attempt_at}. */
    PENDING,
    /** PagerDuty took it (or had it already). */
    DELIVERED,
    /** Refused for good, or out of attempts: listed for a human, retried only by one. */
    DEAD
}
