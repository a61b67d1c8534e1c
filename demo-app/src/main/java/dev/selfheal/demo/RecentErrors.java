package dev.selfheal.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * demo-app's own ground truth for the demo's MTTR: the requests and errors finished in each of the
 * last complete seconds. A second is normal when its error ratio is at most {@value #NORMAL_MAX}
 * (the baseline's 9% plus the noise of 25 requests; a 60% fault is far above it).
 */
public final class RecentErrors {

    public static final double NORMAL_MAX = 0.25;
    private static final int SLOTS = 16;

    /** One complete second: its start (epoch seconds) and what finished in it. */
    public record Second(long at, long requests, long errors) {
        public boolean normal() {
            return requests > 0 && (double) errors / requests <= NORMAL_MAX;
        }
    }

    private final Clock clock;
    private final long[] second = new long[SLOTS];
    private final long[] requests = new long[SLOTS];
    private final long[] errors = new long[SLOTS];

    public RecentErrors(Clock clock) {
        this.clock = clock;
    }

    public synchronized void finished(boolean error) {
        long now = clock.millis() / 1000;
        int slot = (int) (now % SLOTS);
        if (second[slot] != now) {
            second[slot] = now;
            requests[slot] = 0;
            errors[slot] = 0;
        }
        requests[slot]++;
        if (error) {
            errors[slot]++;
        }
    }

    /** The last complete seconds, oldest first (a second in which nothing finished has no requests). */
    public synchronized List<Second> lastSeconds(int count) {
        long now = clock.millis() / 1000;
        List<Second> out = new ArrayList<>();
        for (long s = now - Math.min(count, SLOTS - 1); s < now; s++) {
            int slot = (int) (s % SLOTS);
            out.add(second[slot] == s ? new Second(s, requests[slot], errors[slot]) : new Second(s, 0, 0));
        }
        return out;
    }
}
