package dev.selfheal.harness.chaos;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code chaos crash} counted, from the receiver's API (the episodes stored, the outbox) and
 * from what the world it talks to received; its verdict is that nothing was lost and nothing done
 * twice. {@link #line()} is the run's last line.
 */
record CrashTally(int cycles, long lostAlerts, long duplicateActions, long duplicatePagerduty, long lostPagerduty) {

    /**
     * @param accepted    fingerprints of the alerts the receiver answered 2xx
     * @param stored      fingerprints the episodes API shows
     * @param outboxKeys  episode|cause of every event in the receiver's outbox
     * @param actions     calls the action target received, per Idempotency-Key
     * @param events      events PagerDuty received, per episode|cause
     */
    static CrashTally of(int cycles, Collection<String> accepted, Set<String> stored, Set<String> outboxKeys,
                         Map<String, AtomicInteger> actions, Map<String, AtomicInteger> events) {
        return new CrashTally(cycles, accepted.stream().filter(f -> !stored.contains(f)).count(),
                CountingWorld.duplicates(actions), CountingWorld.duplicates(events),
                outboxKeys.stream().filter(k -> !events.containsKey(k)).count());
    }

    boolean ok() {
        return lostAlerts == 0 && duplicateActions == 0 && duplicatePagerduty == 0 && lostPagerduty == 0;
    }

    String line() {
        return "cycles=" + cycles + " lost_alerts=" + lostAlerts + " duplicate_actions=" + duplicateActions
                + " duplicate_pagerduty=" + duplicatePagerduty + " lost_pagerduty=" + lostPagerduty;
    }
}
