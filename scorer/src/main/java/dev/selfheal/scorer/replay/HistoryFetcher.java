package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * One series' points on a grid, from Prometheus: query_range over [from, to] at the step, in
 * chunks of at most Prometheus' 11,000 points, keeping the series with exactly these labels.
 */
public final class HistoryFetcher {

    /** Points of one series: times in epoch ms, values as Prometheus sent them (NaN included). */
    public record Points(long[] timestamps, double[] values) {
    }

    private final PrometheusClient prometheus;

    HistoryFetcher(PrometheusClient prometheus) {
        this.prometheus = prometheus;
    }

    /** Grid times from {@code fromMs} to {@code toMs} (both on the grid, inclusive), oldest first. */
    Points fetch(String query, Map<String, String> labels, long fromMs, long toMs, long stepMs) {
        long[] ts = new long[0];
        double[] vs = new double[0];
        int n = 0;
        long chunk = (PrometheusClient.MAX_POINTS - 1) * stepMs;
        for (long start = fromMs; start <= toMs; start += chunk + stepMs) {
            long end = Math.min(toMs, start + chunk);
            for (Series s : prometheus.queryRange(query, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    Duration.ofMillis(stepMs))) {
                if (!s.labels().equals(labels)) {
                    continue;
                }
                int m = s.timestamps().length;
                ts = Arrays.copyOf(ts, n + m);
                vs = Arrays.copyOf(vs, n + m);
                for (int i = 0; i < m; i++) {
                    ts[n + i] = Math.round(s.timestamps()[i] * 1000);
                    vs[n + i] = s.values()[i];
                }
                n += m;
            }
        }
        return new Points(ts, vs);
    }
}
