package dev.selfheal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * What the service does to a request now: its baseline (a noisy error ratio that drifts in 8 s
 * steps between 0 and 9%, and 20-60 ms latency) and the injected faults: an error spike, a
 * latency spike, or a blip (a short, total error burst), each until a deadline or a restart.
 */
public final class Faults {

    /** Baseline error ratio bounds: noisy, but never near the 10% coarse rule by itself. */
    static final double BASE_MAX = 0.09;
    static final Duration STEP = Duration.ofSeconds(8);

    public record Fault(String type, double rate, long latencyMs, Instant until) {
        boolean live(Instant now) {
            return until == null || now.isBefore(until);
        }
    }

    /** The faults in force at one moment. */
    public record State(Fault errors, Fault latency, Fault blip) {
        /** As JSON-ready maps (deadlines as ISO-8601 text). */
        public java.util.Map<String, Object> describe() {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Fault f : new Fault[] {errors, latency, blip}) {
                if (f != null) {
                    out.put(f.type(), java.util.Map.of("rate", f.rate(), "latencyMs", f.latencyMs(),
                            "until", f.until() == null ? "restart" : f.until().toString()));
                }
            }
            return out;
        }

        public boolean active(String type) {
            return switch (type) {
                case "errors" -> errors != null;
                case "latency" -> latency != null;
                default -> blip != null;
            };
        }
    }

    /** One request's fate. */
    public record Behaviour(boolean error, long latencyMs) {
    }

    private final Clock clock;
    private final Random random;
    private final boolean noisyBaseline;
    private Fault errors;
    private Fault latency;
    private Fault blip;
    private long step = -1;
    private double baseRatio;

    public Faults(Clock clock, long seed, boolean noisyBaseline) {
        this.clock = clock;
        this.random = new Random(seed);
        this.noisyBaseline = noisyBaseline;
    }

    public synchronized State state() {
        Instant now = clock.instant();
        if (errors != null && !errors.live(now)) {
            errors = null;
        }
        if (latency != null && !latency.live(now)) {
            latency = null;
        }
        if (blip != null && !blip.live(now)) {
            blip = null;
        }
        return new State(errors, latency, blip);
    }

    public synchronized void inject(String type, double rate, long latencyMs, Duration duration) {
        Instant until = duration == null ? null : clock.instant().plus(duration);
        Fault fault = new Fault(type, rate, latencyMs, until);
        switch (type) {
            case "errors" -> errors = fault;
            case "latency" -> latency = fault;
            case "blip" -> blip = fault;
            default -> throw new IllegalArgumentException("type must be errors, latency or blip");
        }
    }

    public synchronized void clear() {
        errors = null;
        latency = null;
        blip = null;
    }

    public synchronized Behaviour next() {
        State s = state();
        double ratio = baseline();
        if (s.errors() != null) {
            ratio = Math.max(ratio, s.errors().rate());
        }
        if (s.blip() != null) {
            ratio = Math.max(ratio, s.blip().rate());
        }
        long ms = 20 + random.nextInt(41);
        if (s.latency() != null) {
            ms = (long) (s.latency().latencyMs() * (0.8 + 0.4 * random.nextDouble()));
        }
        return new Behaviour(random.nextDouble() < ratio, ms);
    }

    private double baseline() {
        if (!noisyBaseline) {
            return 0.01;
        }
        long now = clock.millis() / STEP.toMillis();
        if (now != step) {
            step = now;
            baseRatio = random.nextDouble() * BASE_MAX;
        }
        return baseRatio;
    }
}
