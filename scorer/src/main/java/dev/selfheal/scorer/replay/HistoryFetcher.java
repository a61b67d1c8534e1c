package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Series' points on a grid, from Prometheus: query_range over [from, to] at the step, in chunks of
 * at most Prometheus' 11,000 points. When many series of one query advance to the same grid point
 * (a restart catching up, every series of a template on each step), {@link #expect} announces it
 * and one range query serves them all: the first series to ask runs it, the others wait for it
 * and take their own labels' points. Otherwise each series is fetched alone, picked out by its
 * exact labels.
 */
public final class HistoryFetcher {

    /** Points of one series: times in epoch ms, values as Prometheus sent them (NaN included). */
    public record Points(long[] timestamps, double[] values) {
        static final Points NONE = new Points(new long[0], new double[0]);

        Points from(long fromMs) {
            int i = Arrays.binarySearch(timestamps, fromMs);
            int start = i >= 0 ? i : -i - 1;
            return start == 0 ? this : new Points(Arrays.copyOfRange(timestamps, start, timestamps.length),
                    Arrays.copyOfRange(values, start, values.length));
        }
    }

    /** How long an announced query's answer serves the series that asked for it. */
    static final long BATCH_MILLIS = 60_000;

    private record Key(String query, long stepMillis, long toMillis) {
    }

    /** One range query for every series of a query, run once by the first series that needs it. */
    private static final class Batch {
        final long fromMillis;
        final long created = System.currentTimeMillis();
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Map<Map<String, String>, Points>> result = new CompletableFuture<>();

        Batch(long fromMillis) {
            this.fromMillis = fromMillis;
        }
    }

    /** Prometheus' query_range, as the fetcher uses it. */
    @FunctionalInterface
    interface RangeQuery {
        List<Series> queryRange(String query, Instant start, Instant end, Duration step);
    }

    private final RangeQuery prometheus;
    private final Map<Key, Batch> batches = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong rangeQueries = new java.util.concurrent.atomic.AtomicLong();

    HistoryFetcher(RangeQuery prometheus) {
        this.prometheus = prometheus;
    }

    /** Range queries sent to Prometheus so far. */
    long rangeQueries() {
        return rangeQueries.get();
    }

    /**
     * Several series of {@code query} will ask for their points up to {@code toMs}, none from before
     * {@code fromMs}: one range query will serve them.
     */
    void expect(String query, long fromMs, long toMs, long stepMs) {
        long now = System.currentTimeMillis();
        batches.values().removeIf(b -> now - b.created > BATCH_MILLIS);
        batches.compute(new Key(query, stepMs, toMs), (k, old) -> old != null && old.fromMillis <= fromMs ? old
                : new Batch(fromMs));
    }

    /** Grid times from {@code fromMs} to {@code toMs} (both on the grid, inclusive), oldest first. */
    Points fetch(String query, Map<String, String> labels, long fromMs, long toMs, long stepMs) {
        Batch batch = batches.get(new Key(query, stepMs, toMs));
        if (batch != null && batch.fromMillis <= fromMs
                && System.currentTimeMillis() - batch.created <= BATCH_MILLIS) {
            if (batch.claimed.compareAndSet(false, true)) {
                try {
                    batch.result.complete(fetchAll(query, batch.fromMillis, toMs, stepMs));
                } catch (RuntimeException e) {
                    batch.result.completeExceptionally(e);
                    batches.remove(new Key(query, stepMs, toMs), batch);
                }
            }
            try {
                return batch.result.join().getOrDefault(labels, Points.NONE).from(fromMs);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return fetchAll(query, fromMs, toMs, stepMs).getOrDefault(labels, Points.NONE);
    }

    /** Every series of the query over [from, to], by labels. */
    private Map<Map<String, String>, Points> fetchAll(String query, long fromMs, long toMs, long stepMs) {
        Map<Map<String, String>, long[]> ts = new HashMap<>();
        Map<Map<String, String>, double[]> vs = new HashMap<>();
        long chunk = (PrometheusClient.MAX_POINTS - 1) * stepMs;
        for (long start = fromMs; start <= toMs; start += chunk + stepMs) {
            long end = Math.min(toMs, start + chunk);
            rangeQueries.incrementAndGet();
            List<Series> answer = prometheus.queryRange(query, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    Duration.ofMillis(stepMs));
            for (Series s : answer) {
                long[] t0 = ts.getOrDefault(s.labels(), new long[0]);
                double[] v0 = vs.getOrDefault(s.labels(), new double[0]);
                int n = t0.length;
                int m = s.timestamps().length;
                long[] t = Arrays.copyOf(t0, n + m);
                double[] v = Arrays.copyOf(v0, n + m);
                for (int i = 0; i < m; i++) {
                    t[n + i] = Math.round(s.timestamps()[i] * 1000);
                    v[n + i] = s.values()[i];
                }
                ts.put(s.labels(), t);
                vs.put(s.labels(), v);
            }
        }
        Map<Map<String, String>, Points> out = new HashMap<>();
        ts.forEach((labels, t) -> out.put(labels, new Points(t, vs.get(labels))));
        return out;
    }
}
