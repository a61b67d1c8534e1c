package dev.selfheal.harness.bench.decisions;

import java.util.List;
import java.util.Locale;

/**
 * What {@code bench decisions} counted against the generator's truth, and its verdict: no blip
 * and no level step acted on, every fault (repeats included) confirmed, and at least 95 % of the
 * heals seen by the scorer's verify answer within {@code settle} + 2 steps. {@link #misses()}
 * says, per missed item, what, when, and the decision's outcome and reason; {@code truthErrors}
 * counts bursts whose Prometheus values disagree with the generator's truth (the run is void then). {@link #line()} is
 * the run's last line.
 */
record DecisionTally(int histories, int alerts, int faults, int faultsConfirmed, int repeats, int repeatsConfirmed,
                     int blips, int blipsActed, int heals, int healsSeen, double healSeenP50, int steps, int stepsActed,
                     int truthErrors, List<String> misses) {

    boolean ok() {
        return faults > 0 && truthErrors == 0 && blipsActed == 0 && stepsActed == 0 && faultsConfirmed == faults
                && repeatsConfirmed == repeats && healsSeen * 100L >= 95L * heals;
    }

    String line() {
        return "histories=" + histories + " alerts=" + alerts + " faults=" + faults + " faults_confirmed=" + faultsConfirmed
                + " repeats=" + repeats + " repeats_confirmed=" + repeatsConfirmed + " blips=" + blips + " blips_acted="
                + blipsActed + " heals=" + heals + " heals_seen=" + healsSeen + " heal_seen_p50_s=" + seconds(healSeenP50)
                + " steps=" + steps + " steps_acted=" + stepsActed;
    }

    private static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "-";
        }
        return s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /** The median of {@code values}; NaN when there are none. */
    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
