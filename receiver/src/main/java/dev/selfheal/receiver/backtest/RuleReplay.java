package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.prometheus.PrometheusSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus' alerting-rule state machine, replayed over a rule expression's values at each
 * evaluation: a series present at an evaluation is active; it is pending from its first active
 * evaluation and fires at the first evaluation at least {@code for} after that (at once with
 * {@code for: 0s}); a pending alert that is no longer active is dropped; a firing one resolves at
 * the first evaluation it is not active, or with {@code keep_firing_for}, at the first evaluation
 * at least that long after it stopped being active (active again before then, it keeps firing).
 */
final class RuleReplay {

    private RuleReplay() {
    }

    /**
     * @param evaluations the rule's evaluation times, epoch milliseconds, oldest first
     * @param active      the expression's series over those evaluations (a sample at an evaluation
     *                    time means the series is active then)
     */
    static List<AlertOccurrence> occurrences(AlertRules.Rule rule, long[] evaluations, List<PrometheusSeries> active) {
        List<AlertOccurrence> out = new ArrayList<>();
        long hold = rule.holdFor().toMillis();
        long keep = rule.keepFiringFor().toMillis();
        for (PrometheusSeries s : active) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.putAll(rule.labels());
            labels.put("alertname", rule.alert());
            Map<String, String> alert = Map.copyOf(labels);
            int next = 0;
            long activeAt = -1;
            long firedAt = -1;
            long inactiveSince = -1;
            for (long t : evaluations) {
                while (next < s.millis().length && s.millis()[next] < t) {
                    next++;
                }
                boolean present = next < s.millis().length && s.millis()[next] == t && !Double.isNaN(s.values()[next]);
                if (present) {
                    inactiveSince = -1;
                    if (activeAt < 0) {
                        activeAt = t;
                    }
                    if (firedAt < 0 && t - activeAt >= hold) {
                        firedAt = t;
                    }
                } else if (firedAt >= 0) {
                    if (inactiveSince < 0) {
                        inactiveSince = t;
                    }
                    if (t - inactiveSince >= keep) {
                        out.add(new AlertOccurrence(alert, Instant.ofEpochMilli(firedAt), Instant.ofEpochMilli(t)));
                        activeAt = -1;
                        firedAt = -1;
                        inactiveSince = -1;
                    }
                } else {
                    activeAt = -1; // pending, and no longer active: dropped
                }
            }
            if (firedAt >= 0) {
                out.add(new AlertOccurrence(alert, Instant.ofEpochMilli(firedAt), null));
            }
        }
        return out;
    }
}
