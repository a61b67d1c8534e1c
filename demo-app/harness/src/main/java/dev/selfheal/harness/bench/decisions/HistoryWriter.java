package dev.selfheal.harness.bench.decisions;

import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import dev.selfheal.harness.bench.decisions.Truth.LevelStep;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The samples of the planned histories, as one OpenMetrics file for
 * {@code promtool tsdb create-blocks-from openmetrics}: per job (and label {@code cadence}) the
 * counters {@code bench_http_requests_total} and {@code bench_http_errors_total}, the gauge
 * {@code bench_latency_p95_seconds}, and for histories with a level step the gauge
 * {@code bench_probe} (1 at each probe time, which the probe rule fires on).
 *
 * <p>Normal traffic: requests with a daily cycle (±50 % around the history's rate) and Poisson
 * noise; each scrape's errors binomial around the normal ratio times a log-normal factor (σ 0.45,
 * at most 2.5×), with short bursts to {@link #NOISE_BURST} for 2-4 scrapes about every 20 minutes
 * away from the truth's events;
 * latency log-normal (σ 0.3) with occasional Pareto spikes (tail index 1.5, capped at 6×).
 * A fault raises the ratio to its own (±0.03) and latency 4×; a blip sends twice the requests
 * (retries), 97 % failing. Missing scrapes are not written; an idle stretch has no requests
 * (the ratio is 0/0); listed latency samples are NaN.
 */
final class HistoryWriter {

    private HistoryWriter() {
    }

    /** One history's samples at each scrape (absent: a missing scrape). */
    record Samples(History history, long[] times, boolean[] present, long[] requests, long[] errors, double[] latency) {
    }

    static Samples generate(History h) {
        int n = (int) ((h.end() - h.start()) / h.cadence().scrape) + 1;
        long[] times = new long[n];
        boolean[] present = new boolean[n];
        long[] requests = new long[n];
        long[] errors = new long[n];
        double[] latency = new double[n];
        Random rnd = new Random(h.seed() * 7919 + 17);
        double phase = rnd.nextDouble() * 86400;
        int dt = h.cadence().scrape;
        long req = 1000 + rnd.nextInt(100000);
        long err = req / 100;
        long noiseFrom = Long.MIN_VALUE;
        long noiseUntil = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long t = h.start() + (long) i * dt;
            times[i] = t;
            double load = 1 + 0.5 * Math.sin(2 * Math.PI * (t - phase) / 86400.0);
            double mean = h.rate() * load * dt;
            long got = Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
            double normal = h.ratioAt(t);
            double p = Math.min(2.5 * normal, normal * Math.exp(0.45 * rnd.nextGaussian()));
            if (t >= noiseUntil) {
                if (rnd.nextDouble() < dt / 1200.0 && quiet(h, t)) { // a burst under the rules' thresholds every 20 min or so
                    noiseUntil = t + dt * (2 + rnd.nextInt(3));
                    noiseFrom = t;
                }
            }
            if (t >= noiseFrom && t < noiseUntil) {
                p = NOISE_BURST;
            }
            double slow = 1;
            Fault fault = fault(h, t);
            if (fault != null) {
                p = clamp(fault.ratio() + 0.03 * rnd.nextGaussian(), 0.28, 0.95);
                slow = 4;
            } else if (blip(h, t)) {
                got *= 2;
                p = 0.97;
                slow = 3;
            }
            if (h.idle(t)) {
                got = 0;
            }
            double e = got * p + Math.sqrt(got * p * (1 - p)) * rnd.nextGaussian();
            long bad = Math.max(0, Math.min(got, Math.round(e)));
            req += got;
            err += bad;
            requests[i] = req;
            errors[i] = err;
            double lat = 0.08 * (0.8 + 0.4 * load) * Math.exp(0.3 * rnd.nextGaussian());
            if (rnd.nextDouble() < 0.02) {
                lat *= Math.min(6, Math.pow(1 - rnd.nextDouble(), -1 / 1.5));
            }
            latency[i] = h.latencyNaN().contains(t) ? Double.NaN : lat * slow;
            present[i] = !h.inGap(t);
        }
        return new Samples(h, times, present, requests, errors, latency);
    }

    /** The error ratio of the short noise bursts of normal traffic: under both rules' thresholds over their windows. */
    static final double NOISE_BURST = 0.15;
    /** How far noise bursts stay from every fault, blip and probe. */
    static final long NOISE_CLEARANCE = 600;

    /** No fault, blip or probe within {@link #NOISE_CLEARANCE}. */
    static boolean quiet(History h, long t) {
        long c = NOISE_CLEARANCE;
        return h.faults().stream().noneMatch(f -> t > f.start() - c && t < f.back() + c)
                && h.blips().stream().noneMatch(b -> t > b.start() - c && t < b.back() + c)
                && h.steps().stream().noneMatch(s -> Math.abs(t - s.probeAt()) < c);
    }

    private static Fault fault(History h, long t) {
        for (Fault f : h.faults()) {
            if (t >= f.start() && t <= f.end()) {
                return f;
            }
        }
        return null;
    }

    private static boolean blip(History h, long t) {
        for (Blip b : h.blips()) {
            if (t >= b.start() && t <= b.end()) {
                return true;
            }
        }
        return false;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Writes every history's samples, family after family, and {@code # EOF}; returns the samples written. */
    static long write(List<History> histories, Writer out) throws IOException {
        long written = 0;
        List<Samples> all = histories.stream().map(HistoryWriter::generate).toList();
        out.write("# TYPE bench_http_requests counter\n");
        for (Samples s : all) {
            written += series(out, s, "bench_http_requests_total", s.requests(), null);
        }
        out.write("# TYPE bench_http_errors counter\n");
        for (Samples s : all) {
            written += series(out, s, "bench_http_errors_total", s.errors(), null);
        }
        out.write("# TYPE bench_latency_p95_seconds gauge\n");
        for (Samples s : all) {
            written += series(out, s, "bench_latency_p95_seconds", null, s.latency());
        }
        out.write("# TYPE bench_probe gauge\n");
        for (History h : histories) {
            for (LevelStep step : h.steps()) {
                out.write("bench_probe{job=\"" + h.job() + "\"} 1 " + step.probeAt() + "\n");
                written++;
            }
        }
        out.write("# EOF\n");
        return written;
    }

    private static long series(Writer out, Samples s, String name, long[] counts, double[] values) throws IOException {
        String labels = name + "{job=\"" + s.history().job() + "\",cadence=\"" + s.history().cadence().label + "\"} ";
        StringBuilder line = new StringBuilder(96);
        long n = 0;
        for (int i = 0; i < s.times().length; i++) {
            if (!s.present()[i]) {
                continue;
            }
            line.setLength(0);
            line.append(labels);
            if (counts != null) {
                line.append(counts[i]);
            } else if (Double.isNaN(values[i])) {
                line.append("NaN");
            } else {
                line.append(String.format(Locale.ROOT, "%.4f", values[i]));
            }
            line.append(' ').append(s.times()[i]).append('\n');
            out.write(line.toString());
            n++;
        }
        return n;
    }
}
