package dev.selfheal.harness.bench.decisions;

import java.util.List;

/**
 * What the generator put into the histories, which the decisions are compared with. Times are
 * epoch seconds on the history's scrape grid; a burst's {@code start} and {@code end} are its
 * first and last scrape with elevated errors, {@code back} when its confirm query's values are
 * back in band (end + rate window + one scrape).
 */
final class Truth {

    private Truth() {
    }

    /**
     * How far a repeat comes: minutes after the fault before it, hours or a day after the first
     * fault of its history.
     */
    enum Spacing {
        /** minutes apart, inside the playbook's cooldown after the last action: held by it */
        MINUTES_IN_COOLDOWN,
        /** minutes apart, after the cooldown */
        MINUTES,
        HOURS,
        DAY
    }

    /** A sustained fault; {@code spacing} null for the first of its kind in its history. */
    record Fault(String job, long start, long end, long back, double ratio, Spacing spacing) {
        boolean repeat() {
            return spacing != null;
        }

        String describe() {
            return (repeat() ? "repeat (" + spacing.name().toLowerCase(java.util.Locale.ROOT) + ")" : "fault") + " " + job
                    + " " + java.time.Instant.ofEpochSecond(start) + ".." + java.time.Instant.ofEpochSecond(end);
        }
    }

    /** An error burst over before the decision time. */
    record Blip(String job, long start, long end, long back) {
        String describe() {
            return "blip " + job + " " + java.time.Instant.ofEpochSecond(start) + ".." + java.time.Instant.ofEpochSecond(end);
        }
    }

    /** A silent change of the normal error ratio (a deploy), and the time an alert is probed for after it became the new normal. */
    record LevelStep(String job, long at, double from, double to, long probeAt) {
        String describe() {
            return "level step " + job + " at " + java.time.Instant.ofEpochSecond(at) + " (" + from + " -> " + to
                    + "), probed at " + java.time.Instant.ofEpochSecond(probeAt);
        }
    }

    /** Scrapes missing from {@code from} to {@code to}, both included. */
    record Gap(long from, long to) {
    }

    /** A stretch without requests: the error ratio is 0/0, NaN. */
    record Idle(long from, long to) {
    }

    /**
     * One generated service: its job label, cadence, span, normal traffic (requests per second at
     * the daily mean, error ratio before any step) and everything the generator put in it.
     */
    record History(String job, Cadence cadence, long start, long end, long seed, double rate, double ratio,
                   List<Fault> faults, List<Blip> blips, List<LevelStep> steps, List<Gap> gaps, List<Idle> idle,
                   List<Long> latencyNaN) {

        /** The normal error ratio at {@code t}, after the steps before it. */
        double ratioAt(long t) {
            double r = ratio;
            for (LevelStep s : steps) {
                if (t >= s.at()) {
                    r = s.to();
                }
            }
            return r;
        }

        boolean inGap(long t) {
            return gaps.stream().anyMatch(g -> t >= g.from() && t <= g.to());
        }

        boolean idle(long t) {
            return idle.stream().anyMatch(g -> t >= g.from() && t <= g.to());
        }
    }
}
