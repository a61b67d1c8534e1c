package dev.selfheal.demo;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's Prometheus metrics, as the seed's app exposes them: http_requests_total and
 * http_errors_total by method and endpoint, the http_request_duration_seconds histogram and
 * http_active_requests; plus demo_app_restarts_total and which faults are active.
 */
public final class Metrics {

    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final String LABELS = "method=\"GET\",endpoint=\"/api/work\"";

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    private final DoubleAdder durationSum = new DoubleAdder();
    private final AtomicLong active = new AtomicLong();
    private final LongAdder restarts = new LongAdder();

    public Metrics() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void started() {
        active.incrementAndGet();
    }

    public void finished(double seconds, boolean error) {
        active.decrementAndGet();
        requests.increment();
        if (error) {
            errors.increment();
        }
        durationSum.add(seconds);
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                buckets[i].increment();
            }
        }
    }

    public void restarted() {
        restarts.increment();
    }

    public long restarts() {
        return restarts.sum();
    }

    /** The text exposition format, version 0.0.4. */
    public String exposition(Faults.State faults) {
        StringBuilder b = new StringBuilder(2048);
        b.append("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
        b.append("http_requests_total{").append(LABELS).append("} ").append(requests.sum()).append('\n');
        b.append("# HELP http_errors_total Requests answered with a 5xx.\n# TYPE http_errors_total counter\n");
        b.append("http_errors_total{").append(LABELS).append("} ").append(errors.sum()).append('\n');
        b.append("# HELP http_request_duration_seconds Request duration.\n# TYPE http_request_duration_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            b.append("http_request_duration_seconds_bucket{").append(LABELS).append(",le=\"")
                    .append(format(BUCKETS[i])).append("\"} ").append(buckets[i].sum()).append('\n');
        }
        b.append("http_request_duration_seconds_bucket{").append(LABELS).append(",le=\"+Inf\"} ")
                .append(requests.sum()).append('\n');
        b.append("http_request_duration_seconds_sum{").append(LABELS).append("} ")
                .append(String.format(Locale.ROOT, "%.6f", durationSum.sum())).append('\n');
        b.append("http_request_duration_seconds_count{").append(LABELS).append("} ").append(requests.sum()).append('\n');
        b.append("# HELP http_active_requests Requests in flight.\n# TYPE http_active_requests gauge\n");
        b.append("http_active_requests ").append(active.get()).append('\n');
        b.append("# HELP demo_app_restarts_total Restarts asked through /admin/restart.\n# TYPE demo_app_restarts_total counter\n");
        b.append("demo_app_restarts_total ").append(restarts.sum()).append('\n');
        b.append("# HELP demo_app_fault_active Whether a fault is injected.\n# TYPE demo_app_fault_active gauge\n");
        for (String type : new String[] {"errors", "latency", "blip"}) {
            b.append("demo_app_fault_active{type=\"").append(type).append("\"} ")
                    .append(faults.active(type) ? 1 : 0).append('\n');
        }
        return b.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
