package dev.selfheal.scorer.api;

import dev.selfheal.scorer.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The last window each (query, window, step) returned, reused by a request whose {@code end} is
 * at or after that window's end and before the next grid point of the query's series (at most one
 * step later): such a request is answered from the same grid point, so Prometheus is asked once
 * per step and query, not once per request. When a request crosses that grid point while the
 * window before it is at most one step old, the old window answers at once and the new one is
 * fetched in the background (requests meanwhile keep the old one); otherwise the request fetches
 * it, and requests arriving meanwhile wait for that one fetch. Scores never come from here (they
 * come from the series' states, advanced over their own grid to the request's {@code end}); only
 * which series the query has and the window the fallback reads. So a series that appears is found
 * within two steps. A failed fetch is not kept.
 */
final class RecentWindows {

    /**
     * Keys kept (a bound on memory: about 2.5 KB a 30-minute window at 15 s, so 40 MB at most); past it
     * a tenth of them, whichever come first, make room. Tens of thousands of series asked each by its
     * own query need their windows kept, or every request would ask Prometheus again.
     */
    static final int MAX_KEYS = 16_384;

    private record Key(String query, Duration window, Duration step) {
    }

    /** {@code previous}: the window answered while {@code series} is fetched in the background, or null. */
    private record Entry(Instant end, Instant until, CompletableFuture<List<Series>> series, List<Series> previous) {

        boolean covers(Instant at) {
            return !at.isBefore(end) && at.isBefore(until);
        }

        boolean fetched() {
            return series.isDone() && !series.isCompletedExceptionally();
        }

        /** The window to answer with without waiting, or null. */
        List<Series> now() {
            return fetched() ? series.getNow(null) : previous;
        }
    }

    private final Map<Key, Entry> last = new ConcurrentHashMap<>();
    private final Executor background;

    /** @param background runs the fetches that replace a window no request waits for */
    RecentWindows(Executor background) {
        this.background = background;
    }

    /** The window a request at {@code end} can reuse without waiting; or null. */
    List<Series> peek(String query, Duration window, Duration step, Instant end) {
        Entry e = last.get(new Key(query, window, step));
        return e == null || !e.covers(end) ? null : e.now();
    }

    /**
     * The window for a request at {@code end}: reused, joined while it is being fetched, or
     * fetched. {@code nextGrid} is the first grid point after {@code end} of the query's series
     * (the fetched window is reused until then); null means one step after {@code end}.
     */
    List<Series> get(String query, Duration window, Duration step, Instant end, Instant nextGrid,
                     Supplier<List<Series>> fetch) {
        Key key = new Key(query, window, step);
        Entry old = last.get(key);
        if (old != null && old.covers(end)) {
            return answer(old);
        }
        Instant until = nextGrid == null || !nextGrid.isAfter(end) || nextGrid.isAfter(end.plus(step))
                ? end.plus(step) : nextGrid;
        List<Series> previous = old != null && old.fetched() && !end.isBefore(old.end())
                && end.isBefore(old.until().plus(step)) ? old.series().getNow(null) : null;
        Entry mine = new Entry(end, until, new CompletableFuture<>(), previous);
        if (last.size() >= MAX_KEYS && !last.containsKey(key)) {
            int drop = MAX_KEYS / 10;
            for (var it = last.keySet().iterator(); it.hasNext() && drop-- > 0; ) {
                it.next();
                it.remove();
            }
        }
        Entry kept = last.compute(key, (k, e) -> e == null || (!e.covers(end) && end.isAfter(e.end())) ? mine : e);
        if (kept != mine) {
            return kept.covers(end) ? answer(kept) : fetch.get();
        }
        if (previous != null) {
            background.execute(() -> complete(key, mine, fetch));
            return previous;
        }
        complete(key, mine, fetch);
        return join(mine.series());
    }

    private void complete(Key key, Entry entry, Supplier<List<Series>> fetch) {
        try {
            entry.series().complete(fetch.get());
        } catch (RuntimeException e) {
            entry.series().completeExceptionally(e);
            last.remove(key, entry);
        }
    }

    private static List<Series> answer(Entry e) {
        List<Series> now = e.now();
        return now != null ? now : join(e.series());
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
