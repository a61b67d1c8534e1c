package dev.selfheal.demo;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Hours of demo-app's normal traffic as an OpenMetrics file for
 * {@code promtool tsdb create-blocks-from openmetrics}: the counters the confirm query reads
 * ({@code http_requests_total}, {@code http_errors_total}, with the labels a scrape of demo-app
 * carries), one sample a second, from the same noise model the service runs ({@link Faults}'
 * baseline: an error ratio drifting in 8 s steps between 0 and 9%, {@code rps} requests a second),
 * so the scorer trains on history that looks like what it will see live.
 */
public final class History {

    private final String job;
    private final String instance;
    private final int rps;
    private final long seed;

    public History(String job, String instance, int rps, long seed) {
        this.job = job;
        this.instance = instance;
        this.rps = rps;
        this.seed = seed;
    }

    /** Writes the samples of {@code length} ending at {@code end} (whole seconds) and {@code # EOF}. */
    public void write(Instant end, Duration length, Writer out) throws IOException {
        long last = end.getEpochSecond();
        long first = last - length.toSeconds() + 1;
        long[] requests = new long[(int) (last - first + 1)];
        long[] errors = new long[requests.length];
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(first));
        Faults faults = new Faults(clock, seed, true);
        long r = 0;
        long e = 0;
        for (int i = 0; i < requests.length; i++) {
            for (int k = 0; k < rps; k++) {
                clock.set(Instant.ofEpochSecond(first + i).plusMillis(1000L * k / rps));
                r++;
                if (faults.next().error()) {
                    e++;
                }
            }
            requests[i] = r;
            errors[i] = e;
        }
        String labels = "{job=\"" + job + "\",instance=\"" + instance + "\"," + Metrics.LABELS + "}";
        family(out, "http_requests", "Requests served.", labels, first, requests);
        family(out, "http_errors", "Requests answered with a 5xx.", labels, first, errors);
        out.write("# EOF\n");
    }

    private static void family(Writer out, String name, String help, String labels, long first, long[] values)
            throws IOException {
        out.write("# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n");
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < values.length; i++) {
            line.setLength(0);
            line.append(name).append("_total").append(labels).append(' ').append(values[i]).append(' ')
                    .append(first + i).append('\n');
            out.write(line.toString());
        }
    }

    /** A clock the generator moves through simulated time. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
