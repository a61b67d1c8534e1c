package dev.selfheal.harness.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of {@code bench scorer-scale} and its verdict against the targets (issue 31,
 * item 6, on this 2-core machine): {@code kb_per_model ≤ 200}, {@code rss_mb ≤ 1,000} at the default
 * settings, {@code restart_ready_s ≤ 30}, {@code cold_load_p99_ms ≤ 50}, {@code score_p99_ms ≤ 5}.
 * A figure that could not be measured is NaN and misses its target; {@code problems} are what
 * went wrong besides (copies not made, series never READY), each a miss too. {@code train_s} has
 * no target (it bounds the run's 20 minutes).
 */
public record ScaleFigures(int series, double rssMb, double kbPerModel, double trainS, double restartReadyS,
                           double coldLoadP99Ms, double scoreP99Ms, List<String> problems) {

    static final double MAX_RSS_MB = 1000;
    static final double MAX_KB_PER_MODEL = 200;
    static final double MAX_RESTART_READY_S = 30;
    static final double MAX_COLD_LOAD_P99_MS = 50;
    static final double MAX_SCORE_P99_MS = 5;

    public ScaleFigures {
        problems = List.copyOf(problems);
    }

    /** One line per missed target or problem; empty when every target is met. */
    public List<String> misses() {
        List<String> misses = new ArrayList<>(problems);
        check(misses, "kb_per_model", kbPerModel, MAX_KB_PER_MODEL);
        check(misses, "rss_mb", rssMb, MAX_RSS_MB);
        check(misses, "restart_ready_s", restartReadyS, MAX_RESTART_READY_S);
        check(misses, "cold_load_p99_ms", coldLoadP99Ms, MAX_COLD_LOAD_P99_MS);
        check(misses, "score_p99_ms", scoreP99Ms, MAX_SCORE_P99_MS);
        if (Double.isNaN(trainS)) {
            misses.add("train_s: not measured");
        }
        return misses;
    }

    public boolean ok() {
        return misses().isEmpty();
    }

    private static void check(List<String> misses, String name, double value, double max) {
        if (Double.isNaN(value)) {
            misses.add(name + ": not measured (target ≤ " + number(max) + ")");
        } else if (value > max) {
            misses.add(name + "=" + number(value) + ": over its target of " + number(max));
        }
    }

    /** The run's last line. */
    public String line() {
        return "series=" + series + " rss_mb=" + number(rssMb) + " kb_per_model=" + number(kbPerModel) + " train_s="
                + number(trainS) + " restart_ready_s=" + number(restartReadyS) + " cold_load_p99_ms="
                + number(coldLoadP99Ms) + " score_p99_ms=" + number(scoreP99Ms);
    }

    /** Whole numbers as such, others with one decimal under 100 and two under 10; NaN as {@code NaN}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) || Math.abs(v) >= 100) {
            return String.valueOf(Math.round(v));
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
    }
}
