package dev.selfheal.scorer.api;

import dev.selfheal.scorer.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The last window each (query, window, step) returned, reused by a request whose {@code end} is
 * at or after that window's end and before the next grid point of the query's series (at most one
 * step later): such a request is answered from the same grid point, so Prometheus is asked once
 * per step and query, not once per request, and requests that arrive while that query runs wait
 * for it rather than send their own.
 * Scores never come from here (they come from the series' states, advanced over their own grid);
 * only which series the query has and the window the fallback reads. A series that appears
 * within the last step is found on the next step. A failed query is not kept.
 */
final class RecentWindows {

    /** Keys kept before the map is emptied (a bound on memory, not an eviction policy). */
    static final int MAX_KEYS = 1024;

    private record Key(String query, Duration window, Duration step) {
    }

    private record Entry(Instant end, Instant until, CompletableFuture<List<Series>> series) {

        boolean covers(Instant at) {
            return !at.isBefore(end) && at.isBefore(until);
        }
    }

    private final Map<Key, Entry> last = new ConcurrentHashMap<>();

    /** The window a request at {@code end} can reuse, when it is already fetched; or null. */
    List<Series> peek(String query, Duration window, Duration step, Instant end) {
        Entry e = last.get(new Key(query, window, step));
        if (e == null || !e.covers(end) || !e.series().isDone() || e.series().isCompletedExceptionally()) {
            return null;
        }
        return e.series().getNow(null);
    }

    /**
     * The window for a request at {@code end}: reused, joined while it is being fetched, or
     * fetched. {@code nextGrid} is the first grid point after {@code end} of the query's series
     * (the fetched window is reused until then); null means one step after {@code end}.
     */
    List<Series> get(String query, Duration window, Duration step, Instant end, Instant nextGrid,
                     Supplier<List<Series>> fetch) {
        Key key = new Key(query, window, step);
        Instant until = nextGrid == null || !nextGrid.isAfter(end) || nextGrid.isAfter(end.plus(step))
                ? end.plus(step) : nextGrid;
        Entry mine = new Entry(end, until, new CompletableFuture<>());
        if (last.size() >= MAX_KEYS && !last.containsKey(key)) {
            last.clear();
        }
        Entry kept = last.compute(key, (k, old) -> old == null || (!old.covers(end) && end.isAfter(old.end()))
                ? mine : old);
        if (kept != mine) {
            return kept.covers(end) ? join(kept.series()) : fetch.get();
        }
        try {
            mine.series().complete(fetch.get());
        } catch (RuntimeException e) {
            mine.series().completeExceptionally(e);
            last.remove(key, mine);
            throw e;
        }
        return mine.series().join();
    }

    private static List<Series> join(CompletableFuture<List<Series>> series) {
        try {
            return series.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
