package dev.selfheal.harness.chaos;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code chaos ha} counted: the episodes the receivers' API shows and the actions and events
 * the world received. Its verdict: one episode, one action per alert, nothing done twice.
 * {@link #line()} is the run's last line.
 */
record HaTally(long episodes, long expected, long actions, long duplicateActions, long duplicatePagerduty) {

    static HaTally of(long episodes, long expected, Map<String, AtomicInteger> actions, Map<String, AtomicInteger> events) {
        return new HaTally(episodes, expected, actions.size(), CountingWorld.duplicates(actions),
                CountingWorld.duplicates(events));
    }

    boolean ok() {
        return episodes == expected && actions == expected && duplicateActions == 0 && duplicatePagerduty == 0;
    }

    String line() {
        return "episodes=" + episodes + " actions=" + actions + " duplicate_actions=" + duplicateActions
                + " duplicate_pagerduty=" + duplicatePagerduty;
    }
}
