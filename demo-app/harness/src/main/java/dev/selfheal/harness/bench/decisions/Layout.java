package dev.selfheal.harness.bench.decisions;

import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.Gap;
import dev.selfheal.harness.bench.decisions.Truth.History;
import dev.selfheal.harness.bench.decisions.Truth.Idle;
import dev.selfheal.harness.bench.decisions.Truth.LevelStep;
import dev.selfheal.harness.bench.decisions.Truth.Spacing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where the generator puts faults, repeats, blips, level steps, gaps and idle stretches in each
 * history, per seed (the seed moves every event by up to 10 minutes and draws the traffic). Four
 * kinds of history per seed:
 *
 * <ul>
 *   <li>{@code f1}: scraped every second; a fault, a repeat minutes later inside the cooldown, one
 *       minutes later after it, three hours later (one in the small set); blips; gaps and an idle
 *       stretch (NaN ratio);</li>
 *   <li>{@code f2}: scraped every second; blips and a fault, then a silent level step probed
 *       after it became the new normal, then the fault's repeat hours later on the new level and
 *       more blips;</li>
 *   <li>{@code s1}: scraped every 15 s over two days (a daily cycle): a fault, a repeat inside the
 *       cooldown, hours later, a day later and minutes after that; blips; a 10-minute gap;</li>
 *   <li>{@code s2}: scraped every 15 s: blips and a fault, a level step and its probe, repeats
 *       hours later on the new level, blips.</li>
 * </ul>
 *
 * A level step is not yet normal until {@link #NEW_NORMAL_SPAN} after it, and the scorer may
 * rightly see it as outside its band then: nothing but the probe is placed in that span, so a
 * blip or a heal there never depends on how the scorer reads the step.
 *
 * Every history has {@link #WARMUP} of normal traffic before its first event (the scorer's
 * training lookback) and ends at the same time. The small set is {@code f1} of seed 1 (shorter)
 * and {@code s2} of seed 2 (whose last repeat today's scorer was seen to suppress).
 */
final class Layout {

    /** Normal traffic before any event: the scorer's {@code SELFHEAL_TRAINING_LOOKBACK}. */
    static final long WARMUP = 4 * 3600;
    /**
     * How long a level step lasts before it is the new normal: the scorer's new-normal span (the
     * lead documents it in scorer/README.md; assumed 6 h). A step is probed this long after it,
     * plus {@link #PROBE_MARGIN}.
     */
    static final long NEW_NORMAL_SPAN = 6 * 3600;
    static final long PROBE_MARGIN = 15 * 60;

    private static final long M = 60;
    private static final long H = 3600;

    private Layout() {
    }

    /** The histories of {@code seeds} seeds (1..seeds), or the small set; all end at {@code end}. */
    static List<History> plan(int seeds, boolean small, long end) {
        List<History> out = new ArrayList<>();
        if (small) {
            out.add(f1(1, end, true));
            out.add(s2(2, end));
            return out;
        }
        for (int seed = 1; seed <= seeds; seed++) {
            out.add(f1(seed, end, false));
            out.add(f2(seed, end));
            out.add(s1(seed, end));
            out.add(s2(seed, end));
        }
        return out;
    }

    static History f1(int seed, long end, boolean small) {
        B b = new B("f1-s" + seed, Cadence.FAST, end, WARMUP + (small ? 2 * H : 4 * H), seed * 101L);
        long f = b.at(20 * M);
        b.fault(f, 2 * M, null);
        b.fault(f + 4 * M, 2 * M, Spacing.MINUTES_IN_COOLDOWN);
        b.fault(f + 12 * M, 3 * M, Spacing.MINUTES);
        b.blip(f + 35 * M);
        b.blip(f + 55 * M);
        b.gap(f + 25 * M, 2 * M);
        b.gap(f + 45 * M, 10);
        b.gap(f + 62 * M, 3);
        b.idle(f + 48 * M, 30);
        b.latencyNaN(f + 29 * M, 3);
        if (small) {
            b.fault(f + 75 * M, 3 * M, Spacing.HOURS);
            return b.history();
        }
        // hours later, at three spacings: the scorer retrains at moments of its own, so some
        // repeat comes soon after a retraining that had the fault in its data
        b.fault(f + 90 * M, 3 * M, Spacing.HOURS);
        b.gap(f + 70 * M, 1);
        b.blip(f + 115 * M);
        b.fault(f + 140 * M, 3 * M, Spacing.HOURS);
        b.gap(f + 155 * M, 20);
        b.blip(f + 165 * M);
        b.fault(f + 190 * M, 3 * M, Spacing.HOURS);
        b.latencyNaN(f + 205 * M, 4);
        return b.history();
    }

    static History f2(int seed, long end) {
        B b = new B("f2-s" + seed, Cadence.FAST, end, WARMUP + 9 * H + 30 * M, seed * 103L);
        b.blip(b.at(5 * M));
        b.blip(b.at(20 * M));
        b.fault(b.at(45 * M), 10 * M, null);
        b.gap(b.at(65 * M), M);
        long s = b.at(80 * M);
        b.step(s); // nothing but its probe until the step is the new normal
        b.fault(b.at(8 * H), 3 * M, Spacing.HOURS);
        b.blip(b.at(8 * H + 30 * M));
        b.idle(b.at(8 * H + 45 * M), 20);
        b.blip(b.at(9 * H));
        b.gap(b.at(9 * H + 15 * M), 5);
        b.latencyNaN(b.at(40 * M), 3);
        return b.history();
    }

    static History s1(int seed, long end) {
        B b = new B("s1-s" + seed, Cadence.SLOW, end, WARMUP + 48 * H, seed * 107L);
        long f = b.at(2 * H);
        b.fault(f, 4 * M, null);
        b.fault(f + 8 * M, 4 * M, Spacing.MINUTES_IN_COOLDOWN);
        b.fault(f + 5 * H, 10 * M, Spacing.HOURS);
        b.fault(f + 24 * H, 15 * M, Spacing.DAY);
        b.fault(f + 24 * H + 25 * M, 6 * M, Spacing.MINUTES);
        for (long h : new long[] {2, 9, 14, 20, 30, 40}) {
            b.blip(f + h * H);
        }
        b.gap(f + 3 * H, 10 * M);
        b.gap(f + 7 * H, 30);
        b.gap(f + 33 * H, 15);
        b.idle(f + 12 * H, 2 * M);
        b.latencyNaN(f + 16 * H, 3);
        return b.history();
    }

    static History s2(int seed, long end) {
        B b = new B("s2-s" + seed, Cadence.SLOW, end, WARMUP + 15 * H, seed * 109L);
        b.blip(b.at(10 * M));
        b.blip(b.at(35 * M));
        b.fault(b.at(70 * M), 15 * M, null);
        b.gap(b.at(100 * M), 45);
        b.step(b.at(2 * H)); // nothing but its probe until the step is the new normal
        b.fault(b.at(8 * H + 45 * M), 6 * M, Spacing.HOURS);
        b.blip(b.at(9 * H + 30 * M));
        b.idle(b.at(10 * H + 15 * M), 2 * M);
        b.blip(b.at(11 * H));
        b.fault(b.at(12 * H + 30 * M), 5 * M, Spacing.HOURS);
        b.gap(b.at(13 * H + 15 * M), 5 * M);
        b.latencyNaN(b.at(13 * H + 40 * M), 3);
        b.blip(b.at(14 * H));
        return b.history();
    }

    /** Builds one history: events placed from its warm-up's end, moved by the seed's jitter, on the scrape grid. */
    private static final class B {
        final String job;
        final Cadence c;
        final long start;
        final long end;
        final long seed;
        final Random rnd;
        final long jitter;
        final double rate;
        final double ratio;
        final List<Fault> faults = new ArrayList<>();
        final List<Blip> blips = new ArrayList<>();
        final List<LevelStep> steps = new ArrayList<>();
        final List<Gap> gaps = new ArrayList<>();
        final List<Idle> idle = new ArrayList<>();
        final List<Long> nan = new ArrayList<>();

        B(String job, Cadence c, long end, long length, long seed) {
            this.job = job;
            this.c = c;
            this.end = end / 60 * 60;
            this.start = this.end - length;
            this.seed = seed;
            this.rnd = new Random(seed);
            this.jitter = rnd.nextInt(40) * 15L; // up to 10 minutes, on both grids
            this.rate = c == Cadence.FAST ? 40 + rnd.nextInt(40) : 10 + rnd.nextInt(20);
            this.ratio = 0.02 + rnd.nextInt(31) / 1000.0;
        }

        /** Warm-up's end + offset + the seed's jitter, on the 15 s grid (both cadences' scrapes are on it). */
        long at(long offset) {
            return (start + WARMUP + offset + jitter) / 15 * 15;
        }

        void fault(long t, long duration, Spacing spacing) {
            long last = t + duration - c.scrape;
            // a repeat comes back weaker than the first (still over the rule's threshold): the case a
            // model trained on the first must still confirm
            double ratio = spacing == null ? 0.5 + rnd.nextInt(30) / 100.0 : 0.32 + rnd.nextInt(18) / 100.0;
            faults.add(new Fault(job, t, last, c.back(last), ratio, spacing));
        }

        void blip(long t) {
            long last = c == Cadence.FAST ? t + 1 : t; // 2 s, or one 15 s scrape
            blips.add(new Blip(job, t, last, c.back(last)));
        }

        void step(long t) {
            double to = Math.min(0.08, Math.round(ratio * (2 + rnd.nextInt(6) / 10.0) * 1000) / 1000.0);
            steps.add(new LevelStep(job, t, ratio, to, (t + NEW_NORMAL_SPAN + PROBE_MARGIN) / 15 * 15));
        }

        void gap(long t, long length) {
            gaps.add(new Gap(t, t + Math.max(c.scrape, length) - c.scrape));
        }

        void idle(long t, long length) {
            idle.add(new Idle(t, t + length - c.scrape));
        }

        void latencyNaN(long t, int n) {
            for (int i = 0; i < n; i++) {
                nan.add(t + (long) i * 37 / c.scrape * c.scrape);
            }
        }

        History history() {
            if (faults.stream().anyMatch(f -> f.end() >= end) || blips.stream().anyMatch(b -> b.back() >= end)
                    || steps.stream().anyMatch(s -> s.probeAt() >= end - 10 * M)) {
                throw new IllegalStateException(job + ": an event lies past the history's end");
            }
            return new History(job, c, start, end, seed, rate, ratio, List.copyOf(faults), List.copyOf(blips),
                    List.copyOf(steps), List.copyOf(gaps), List.copyOf(idle), List.copyOf(nan));
        }
    }
}
