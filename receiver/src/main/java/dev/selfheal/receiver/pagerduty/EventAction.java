package dev.selfheal.receiver.pagerduty;

import java.util.Locale;

/** An Events API v2 action as the outbox stores it and PagerDuty names it ({@code change} is a change event). */
public enum EventAction {
    TRIGGER, ACKNOWLEDGE, CHANGE, RESOLVE;

    /** The Events API's word: {@code trigger}, {@code acknowledge}, {@code change}, {@code resolve}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
