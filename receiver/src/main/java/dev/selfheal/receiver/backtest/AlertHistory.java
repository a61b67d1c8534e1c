package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.prometheus.PrometheusQueries;
import dev.selfheal.receiver.prometheus.PrometheusSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert occurrences that fired in a range: from Prometheus' own {@code ALERTS} history, or by
 * evaluating alerting rules over it. Only occurrences that start firing inside the range count.
 */
final class AlertHistory {

    /** How far before the range the history is read, to tell an alert that fired earlier from one that starts. */
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private final PrometheusQueries prometheus;

    AlertHistory(PrometheusQueries prometheus) {
        this.prometheus = prometheus;
    }

    /**
     * From the raw samples of {@code ALERTS{alertstate="firing"}}: Prometheus writes one at each
     * evaluation of a firing alert, so an occurrence ends where the samples stop for more than one
     * and a half evaluation intervals (the rule's group interval as Prometheus reports it now; for a
     * rule it no longer runs, the series' shortest gap).
     */
    List<AlertOccurrence> fromAlertsSeries(Instant from, Instant to) {
        Map<String, Duration> intervals = prometheus.alertIntervals();
        List<AlertOccurrence> out = new ArrayList<>();
        for (PrometheusSeries s : prometheus.rawSamples("ALERTS{alertstate=\"firing\"}", from.minus(MARGIN), to)) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.remove("alertstate");
            long[] t = s.millis();
            if (t.length == 0) {
                continue;
            }
            long gap = Math.round(1.5 * interval(intervals.get(labels.get("alertname")), t).toMillis());
            int first = 0;
            for (int i = 1; i <= t.length; i++) {
                if (i == t.length || t[i] - t[i - 1] > gap) {
                    Instant fired = Instant.ofEpochMilli(t[first]);
                    Instant resolved = i == t.length && to.toEpochMilli() - t[i - 1] <= gap ? null
                            : Instant.ofEpochMilli(t[i - 1] + Math.max(1, gap * 2 / 3));
                    if (!fired.isBefore(from) && !fired.isAfter(to)) {
                        out.add(new AlertOccurrence(Map.copyOf(labels), fired, resolved));
                    }
                    first = i;
                }
            }
        }
        out.sort(Comparator.comparing(AlertOccurrence::firedAt));
        return out;
    }

    /** By evaluating each rule's expression over the range at its group's interval ({@link RuleReplay}). */
    List<AlertOccurrence> fromRules(List<AlertRules.Rule> rules, Instant from, Instant to) {
        List<AlertOccurrence> out = new ArrayList<>();
        for (AlertRules.Rule rule : rules) {
            long step = rule.interval().toMillis();
            Instant start = Instant.ofEpochMilli(from.minus(MARGIN).minus(rule.holdFor()).toEpochMilli() / step * step);
            List<PrometheusSeries> active = prometheus.queryRange(rule.expr(), start, to, rule.interval());
            int n = (int) ((to.toEpochMilli() - start.toEpochMilli()) / step) + 1;
            long[] evaluations = new long[n];
            for (int i = 0; i < n; i++) {
                evaluations[i] = start.toEpochMilli() + i * step;
            }
            for (AlertOccurrence o : RuleReplay.occurrences(rule, evaluations, active)) {
                if (!o.firedAt().isBefore(from)) {
                    out.add(o);
                }
            }
        }
        out.sort(Comparator.comparing(AlertOccurrence::firedAt));
        return out;
    }

    private static Duration interval(Duration known, long[] t) {
        if (known != null && !known.isZero()) {
            return known;
        }
        long shortest = Long.MAX_VALUE;
        for (int i = 1; i < t.length; i++) {
            shortest = Math.min(shortest, t[i] - t[i - 1]);
        }
        return shortest == Long.MAX_VALUE ? AlertRules.DEFAULT_INTERVAL : Duration.ofMillis(shortest);
    }
}
