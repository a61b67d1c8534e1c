package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.model.SeriesRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * One series in the service: its detector and the grid it is fed on ({@code origin + k·step},
 * origin being its first point). The detector is <b>resident</b> (in memory) or <b>stored</b>
 * (its state and models in the store only, after the memory budget sent it out, or before its
 * first request after a restart). Advancing to a time brings it back when stored (restored from
 * its saved state, else replayed from the grid's origin), fetches the grid points not run through
 * yet and runs them, one job after the other (a later request chains onto the running job).
 */
public final class SeriesState {

    private final SeriesRef ref;
    private final String query;
    private final long stepMillis;
    private final long originMillis;
    private final Detectors detectors;
    private final HistoryFetcher fetcher;
    /** Null while stored (guarded by this). */
    private SeriesDetector detector;
    private long fetchedTo;
    private long requested;
    private long savedSeen = -1;
    private SeriesSummary summary = SeriesSummary.NONE;
    private CompletableFuture<SeriesDetector> job = CompletableFuture.completedFuture(null);
    private volatile String error;
    private volatile boolean running;
    private volatile long lastUsed;

    SeriesState(SeriesRef ref, String query, long stepMillis, long originMillis, Detectors detectors,
                HistoryFetcher fetcher) {
        this.ref = ref;
        this.query = query;
        this.stepMillis = stepMillis;
        this.originMillis = originMillis;
        this.detectors = detectors;
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

    /** The detector when resident, else null (a reader keeps the reference it got). */
    public synchronized SeriesDetector residentDetector() {
        return detector;
    }

    public synchronized boolean resident() {
        return detector != null;
    }

    /** What the model list shows: from the resident detector (as of its last advance), or as it was last saved. */
    public SeriesSummary summary() {
        SeriesDetector d;
        SeriesSummary saved;
        synchronized (this) {
            d = detector;
            saved = summary;
        }
        return d != null ? SeriesSummary.of(d.reached()) : saved;
    }

    synchronized void summary(SeriesSummary saved) {
        summary = saved;
    }

    /** Why the last advance failed (Prometheus unreachable, say), or null. */
    public String error() {
        return error;
    }

    /** True while a job is fetching or replaying points. */
    public boolean running() {
        return running;
    }

    /** When a request last asked for this series (epoch ms of the JVM's monotonic clock, for LRU order). */
    long lastUsed() {
        return lastUsed;
    }

    /**
     * True when the detector is resident at the grid point at or before {@code endMillis} and no job
     * is queued or running (so reading it waits for nothing).
     */
    public synchronized boolean reached(long endMillis) {
        return detector != null && requested <= fetchedTo && gridAtOrBefore(endMillis) <= fetchedTo;
    }

    /** The grid time at or before {@code millis}. */
    long gridAtOrBefore(long millis) {
        return originMillis + Math.floorDiv(millis - originMillis, stepMillis) * stepMillis;
    }

    /**
     * Brings the detector to the grid point at or before {@code endMillis}; the future gives the
     * detector once it is there (at once when it is already). {@code replayed} hears how many points
     * each job replayed and is called on the job's thread.
     */
    synchronized CompletableFuture<SeriesDetector> advanceTo(long endMillis, Executor executor,
                                                            LongConsumer replayed) {
        lastUsed = System.nanoTime();
        long target = gridAtOrBefore(endMillis);
        if (detector != null && target <= fetchedTo) {
            return CompletableFuture.completedFuture(detector);
        }
        if (target <= requested && !job.isDone()) {
            return job;
        }
        requested = Math.max(requested, target);
        job = job.handle((ok, failed) -> null).thenApplyAsync(ignored -> run(target, replayed), executor);
        return job;
    }

    private SeriesDetector run(long target, LongConsumer replayed) {
        SeriesDetector d = bringBack();
        long from;
        synchronized (this) {
            from = fetchedTo + stepMillis;
        }
        if (from > target) {
            return d;
        }
        running = true;
        try {
            HistoryFetcher.Points points = fetcher.fetch(query, ref.labels(), from, target, stepMillis);
            long before = d.seen();
            d.advance(points.timestamps(), points.values());
            synchronized (this) {
                fetchedTo = Math.max(fetchedTo, target);
            }
            error = null;
            replayed.accept(d.seen() - before);
            return d;
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

    /**
     * The resident detector, restored from its saved state (or new, to replay from the origin) when
     * stored. Runs in the series' job (one at a time, and never while it is being stored); the
     * store is read outside the lock, so a request asking whether the series is ready never waits
     * for it.
     */
    private SeriesDetector bringBack() {
        synchronized (this) {
            if (detector != null) {
                return detector;
            }
        }
        var saved = detectors.saved(ref).filter(d -> d.lastTimestamp() >= originMillis);
        SeriesDetector d = saved.orElseGet(() -> detectors.fresh(ref));
        synchronized (this) {
            detector = d;
            fetchedTo = saved.isPresent() ? d.lastTimestamp() : originMillis - stepMillis;
            savedSeen = saved.isPresent() ? d.seen() : -1;
            requested = Math.max(requested, fetchedTo);
        }
        return d;
    }

    /**
     * The earliest grid time this series will fetch from on its next advance: after its last point
     * when resident, after the last point its saved summary names when stored, else its origin.
     */
    synchronized long nextPointAtLeast() {
        if (detector != null) {
            return fetchedTo + stepMillis;
        }
        Long last = summary.lastPoint();
        return last != null && last >= originMillis ? last + stepMillis : originMillis;
    }

    /** Bytes the resident detector holds (0 when stored), as of its last advance. */
    long bytes() {
        SeriesDetector d;
        synchronized (this) {
            d = detector;
        }
        return d == null ? 0 : d.bytes();
    }

    /**
     * Saves the detector's state when it has seen points since it was last saved; true when it is
     * saved (or has nothing new). The state is taken under this series' lock while no job runs
     * (so no advance can be half done), and written outside it: a request asking whether the
     * series is ready never waits for the store.
     */
    boolean saveIfChanged() {
        SeriesDetector d;
        long seen;
        synchronized (this) {
            d = detector;
            if (d == null) {
                return true;
            }
            seen = d.reached().seen();
            if (seen == savedSeen || seen == 0) {
                return true;
            }
            if (!job.isDone()) {
                return false; // saved after the running job, by the next save round or when stored
            }
        }
        byte[] state = d.state(); // the detector's own lock: free, no job runs (a new one waits for it)
        if (SeriesDetector.seenIn(state) != seen || !detectors.save(ref, state, d.reached())) {
            return false;
        }
        synchronized (this) {
            if (detector == d) {
                savedSeen = Math.max(savedSeen, seen);
            }
        }
        return true;
    }

    /**
     * Sends the detector out of memory (its state saved first); false when a job runs, it advanced
     * meanwhile or the save failed, so nothing is lost.
     */
    boolean store() {
        SeriesDetector d;
        synchronized (this) {
            d = detector;
            if (d == null || !job.isDone()) {
                return false;
            }
        }
        if (!saveIfChanged()) {
            return false;
        }
        synchronized (this) {
            if (detector != d || !job.isDone() || d.reached().seen() != savedSeen && d.reached().seen() != 0) {
                return false;
            }
            summary = SeriesSummary.of(d.reached());
            detector = null;
        }
        d.close();
        return true;
    }
}
