package dev.selfheal.receiver.scorer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scorer replicas that did not answer lately (connection refused, I/O error, timeout). A replica
 * marked down is asked last for {@code selfheal.scorer.replica-down-for}, so its series go
 * straight to their stand-ins instead of paying a dead connection on every call; after that its
 * own series try it first again. It is never skipped: when every replica is down, they are all
 * still asked in rendezvous order. This per-replica memory is what keeps one dead replica from
 * tripping the client's circuit breaker, which counts only calls that no replica answered.
 */
public final class ReplicaHealth {

    private final Duration downFor;
    private final Clock clock;
    private final Map<String, Instant> downUntil = new ConcurrentHashMap<>();

    public ReplicaHealth(Duration downFor, Clock clock) {
        this.downFor = downFor;
        this.clock = clock;
    }

    public void markDown(String replica) {
        downUntil.put(replica, clock.instant().plus(downFor));
    }

    public void markUp(String replica) {
        downUntil.remove(replica);
    }

    public boolean isDown(String replica) {
        Instant until = downUntil.get(replica);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            downUntil.remove(replica, until);
            return false;
        }
        return true;
    }

    /** The replicas in the given order, those marked down moved to the end (in the same order among themselves). */
    public List<String> upFirst(List<String> ranked) {
        List<String> up = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (String r : ranked) {
            (isDown(r) ? down : up).add(r);
        }
        up.addAll(down);
        return up;
    }

    /** Forgets every mark (tests). */
    void clear() {
        downUntil.clear();
    }
}
