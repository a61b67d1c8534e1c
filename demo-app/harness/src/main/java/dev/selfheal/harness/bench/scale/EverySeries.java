package dev.selfheal.harness.bench.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Asks every series for its score, {@value #CONCURRENCY} requests at a time, again and again for
 * those not yet answered by their saved model version, until all are or a deadline passes.
 */
final class EverySeries {

    static final int CONCURRENCY = 4;

    /**
     * @param ready       how many answered from their saved model
     * @param seconds     from {@code fromNanos} until the last of them did (NaN when not all did)
     * @param rounds      passes over the series not ready yet
     * @param firstNanos  each series' first answer time (client side)
     * @param notReady    a few series that never did, with their last answer
     */
    record Outcome(int ready, int total, double seconds, int rounds, List<Long> firstNanos, List<String> notReady) {
    }

    private EverySeries() {
    }

    /** {@code expected}: the saved model version of a series by query (null: any READY answer). */
    static Outcome askUntilReady(ScaleScorer scorer, List<ScaleLayout.Series> series, Function<ScaleLayout.Series, Integer> expected,
                                 String end, long fromNanos, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<ScaleLayout.Series> pending = new ArrayList<>(series);
        List<Long> first = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> last = new java.util.concurrent.ConcurrentHashMap<>();
        int rounds = 0;
        long doneAt = 0;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline && scorer.process.isAlive()) {
                rounds++;
                boolean firstRound = rounds == 1;
                ConcurrentLinkedQueue<ScaleLayout.Series> still = new ConcurrentLinkedQueue<>();
                List<Future<?>> jobs = new ArrayList<>();
                for (ScaleLayout.Series s : pending) {
                    jobs.add(pool.submit(() -> {
                        ScaleScorer.Answer a = scorer.score(s, end);
                        if (firstRound) {
                            first.add(a.nanos());
                        }
                        if (!a.ok() || !ScaleMetrics.fromSavedModel(a.body(), expected.apply(s))) {
                            still.add(s);
                            last.put(s.query(), a.status() + " " + (a.body() == null ? "" : abbreviate(a.body().toString())));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
                doneAt = System.nanoTime();
                pending = new ArrayList<>(still);
                if (!pending.isEmpty()) {
                    Thread.sleep(250);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> notReady = pending.stream().limit(3).map(s -> s.query() + ": " + last.get(s.query())).toList();
        return new Outcome(series.size() - pending.size(), series.size(),
                pending.isEmpty() ? (doneAt - fromNanos) / 1e9 : Double.NaN, rounds, first, notReady);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** The p-quantile of nanosecond timings, in ms (NaN for none). */
    static double percentileMs(List<Long> nanos, double p) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }
}
