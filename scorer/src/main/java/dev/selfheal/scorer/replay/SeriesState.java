package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.model.SeriesRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * One series in the service: its detector and the grid it is fed on ({@code origin + k·step},
 * origin being its first point). Advancing to a time fetches the grid points not fetched yet and
 * runs them through the detector, one job after the other (a later request chains onto the
 * running job).
 */
public final class SeriesState {

    private final SeriesRef ref;
    private final String query;
    private final long stepMillis;
    private final long originMillis;
    private final SeriesDetector detector;
    private final HistoryFetcher fetcher;
    private long fetchedTo;
    private long requested;
    private CompletableFuture<Void> job = CompletableFuture.completedFuture(null);
    private volatile String error;
    private volatile boolean running;

    SeriesState(SeriesRef ref, String query, long stepMillis, long originMillis, SeriesDetector detector,
                HistoryFetcher fetcher) {
        this.ref = ref;
        this.query = query;
        this.stepMillis = stepMillis;
        this.originMillis = originMillis;
        this.detector = detector;
        this.fetcher = fetcher;
        this.fetchedTo = originMillis - stepMillis;
        this.requested = fetchedTo;
    }

    public SeriesRef ref() {
        return ref;
    }

    public String query() {
        return query;
    }

    public long stepMillis() {
        return stepMillis;
    }

    public long originMillis() {
        return originMillis;
    }

    public SeriesDetector detector() {
        return detector;
    }

    /** Why the last advance failed (Prometheus unreachable, say), or null. */
    public String error() {
        return error;
    }

    /** True while a job is fetching or replaying points. */
    public boolean running() {
        return running;
    }

    /**
     * True when the detector is at the grid point at or before {@code endMillis} and no job is
     * queued or running (so reading it waits for nothing).
     */
    public synchronized boolean reached(long endMillis) {
        return requested <= fetchedTo && gridAtOrBefore(endMillis) <= fetchedTo;
    }

    /** The grid time at or before {@code millis}. */
    long gridAtOrBefore(long millis) {
        return originMillis + Math.floorDiv(millis - originMillis, stepMillis) * stepMillis;
    }

    /**
     * Brings the detector to the grid point at or before {@code endMillis}; the future completes
     * when it is there (at once when it is already). {@code replayed} hears how many points each
     * job replayed and is called on the job's thread.
     */
    synchronized CompletableFuture<Void> advanceTo(long endMillis, Executor executor, LongConsumer replayed) {
        long target = gridAtOrBefore(endMillis);
        if (target <= fetchedTo) {
            return CompletableFuture.completedFuture(null);
        }
        if (target <= requested) {
            return job;
        }
        requested = target;
        job = job.handle((ok, failed) -> null).thenRunAsync(() -> run(target, replayed), executor);
        return job;
    }

    private void run(long target, LongConsumer replayed) {
        long from;
        synchronized (this) {
            from = fetchedTo + stepMillis;
        }
        if (from > target) {
            return;
        }
        running = true;
        try {
            HistoryFetcher.Points points = fetcher.fetch(query, ref.labels(), from, target, stepMillis);
            long before = detector.seen();
            detector.advance(points.timestamps(), points.values());
            synchronized (this) {
                fetchedTo = target;
            }
            error = null;
            replayed.accept(detector.seen() - before);
        } catch (RuntimeException e) {
            synchronized (this) {
                requested = fetchedTo;
            }
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        } finally {
            running = false;
        }
    }
}
