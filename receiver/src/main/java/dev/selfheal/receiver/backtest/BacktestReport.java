package dev.selfheal.receiver.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.playbook.Playbook;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backtest's answer: a table per playbook, one line per (episode, playbook), the episodes no
 * playbook matches, and the summary line {@code alerts=N remediate=N suppressed=N approve=N
 * held=N unavailable=N}; the same as JSON.
 */
final class BacktestReport {

    /** Where the run's inputs came from, for the header and the JSON. */
    record Run(BacktestArgs args, String alertSource, String scorer, long scorerCalls, double scorerSeconds) {
    }

    private final Run run;
    private final List<Playbook> playbooks;
    private final List<AlertOccurrence> alerts;
    private final List<Backtest.Row> rows;

    BacktestReport(Run run, List<Playbook> playbooks, List<AlertOccurrence> alerts, List<Backtest.Row> rows) {
        this.run = run;
        this.playbooks = playbooks;
        this.alerts = alerts;
        this.rows = rows;
    }

    /** The counts of the summary line, per outcome, over every (episode, playbook). */
    Map<Backtest.Outcome, Integer> totals() {
        Map<Backtest.Outcome, Integer> totals = new EnumMap<>(Backtest.Outcome.class);
        for (Backtest.Outcome o : Backtest.Outcome.values()) {
            totals.put(o, 0);
        }
        rows.forEach(r -> totals.merge(r.outcome(), 1, Integer::sum));
        return totals;
    }

    String summaryLine() {
        Map<Backtest.Outcome, Integer> t = totals();
        return "alerts=" + alerts.size() + " remediate=" + t.get(Backtest.Outcome.REMEDIATE) + " suppressed="
                + t.get(Backtest.Outcome.SUPPRESSED) + " approve=" + t.get(Backtest.Outcome.APPROVE) + " held="
                + t.get(Backtest.Outcome.HELD) + " unavailable=" + t.get(Backtest.Outcome.UNAVAILABLE);
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "backtest %s to %s: %d alert occurrences from %s%n", run.args().from(), run.args().to(),
                alerts.size(), run.alertSource());
        out.printf(Locale.ROOT, "playbooks %s; scorer %s (%d calls, %.1f s)%n%n", run.args().playbooks(), run.scorer(),
                run.scorerCalls(), run.scorerSeconds());
        out.printf(Locale.ROOT, "%-28s %-8s %6s %9s %10s %9s %7s %5s %-24s %11s%n", "playbook", "mode", "alerts",
                "confirmed", "suppressed", "remediate", "approve", "held", "(cooldown/limit/blast/guard)", "unavailable");
        for (Playbook p : playbooks) {
            List<Backtest.Row> mine = rows.stream().filter(r -> r.playbook().name().equals(p.name())).toList();
            out.printf(Locale.ROOT, "%-28s %-8s %6d %9d %10d %9d %7d %5d %-28s %11d%n", p.name(),
                    p.mode().name().toLowerCase(Locale.ROOT), mine.size(), mine.stream().filter(Backtest.Row::confirmed).count(),
                    count(mine, Backtest.Outcome.SUPPRESSED), count(mine, Backtest.Outcome.REMEDIATE),
                    count(mine, Backtest.Outcome.APPROVE), count(mine, Backtest.Outcome.HELD), heldBreakdown(mine),
                    count(mine, Backtest.Outcome.UNAVAILABLE));
        }
        out.println();
        for (Backtest.Row r : rows) {
            out.printf(Locale.ROOT, "%s  %-40s %-24s %s %-11s %s%n", r.alert().firedAt(), labels(r.alert()),
                    r.playbook().name(), score(r), r.outcome().name().toLowerCase(Locale.ROOT), r.decision().reason());
        }
        for (AlertOccurrence a : unmatched()) {
            out.printf(Locale.ROOT, "%s  %-40s %s%n", a.firedAt(), labels(a), "no playbook matches");
        }
        out.println(summaryLine());
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", run.args().from().toString());
        root.put("to", run.args().to().toString());
        root.put("alertSource", run.alertSource());
        root.put("playbooksFile", run.args().playbooks().toString());
        root.put("scorer", run.scorer());
        root.put("scorerCalls", run.scorerCalls());
        root.put("scorerSeconds", run.scorerSeconds());
        List<Map<String, Object>> perPlaybook = new ArrayList<>();
        for (Playbook p : playbooks) {
            List<Backtest.Row> mine = rows.stream().filter(r -> r.playbook().name().equals(p.name())).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("playbook", p.name());
            m.put("mode", p.mode().name().toLowerCase(Locale.ROOT));
            m.put("alerts", mine.size());
            m.put("confirmed", mine.stream().filter(Backtest.Row::confirmed).count());
            for (Backtest.Outcome o : Backtest.Outcome.values()) {
                m.put(o.name().toLowerCase(Locale.ROOT), count(mine, o));
            }
            m.put("heldBy", mine.stream().filter(r -> r.outcome() == Backtest.Outcome.HELD)
                    .collect(Collectors.groupingBy(r -> r.decision().cause().name().toLowerCase(Locale.ROOT),
                            LinkedHashMap::new, Collectors.counting())));
            perPlaybook.add(m);
        }
        root.put("playbooks", perPlaybook);
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (Backtest.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("firedAt", r.alert().firedAt().toString());
            m.put("resolvedAt", r.alert().resolvedAt() == null ? null : r.alert().resolvedAt().toString());
            m.put("labels", r.alert().labels());
            m.put("playbook", r.playbook().name());
            m.put("decidedAt", r.decidedAt().toString());
            m.put("query", r.query());
            m.put("target", r.target());
            m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            m.put("decision", r.decision().kind().name());
            m.put("cause", r.decision().cause().name().toLowerCase(Locale.ROOT));
            m.put("reason", r.decision().reason());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("available", r.verdict().available());
            if (r.verdict().available()) {
                v.put("score", r.verdict().score());
                v.put("anomalous", r.verdict().anomalous());
                v.put("source", r.verdict().fromModel() ? "model" : "fallback");
                v.put("model", r.verdict().model());
                v.put("reason", r.verdict().reason());
            } else {
                v.put("detail", r.verdict().detail());
            }
            m.put("verdict", v);
            decisions.add(m);
        }
        root.put("decisions", decisions);
        root.put("unmatched", unmatched().stream().map(a -> Map.of("firedAt", a.firedAt().toString(),
                "labels", a.labels())).toList());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("alerts", alerts.size());
        totals().forEach((o, n) -> totals.put(o.name().toLowerCase(Locale.ROOT), n));
        root.put("totals", totals);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private List<AlertOccurrence> unmatched() {
        return alerts.stream().filter(a -> rows.stream().noneMatch(r -> r.alert() == a)).toList();
    }

    private static long count(List<Backtest.Row> rows, Backtest.Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).count();
    }

    private static String heldBreakdown(List<Backtest.Row> rows) {
        long cooldown = causes(rows, Decision.Cause.COOLDOWN);
        long limit = causes(rows, Decision.Cause.HOURLY_LIMIT) + causes(rows, Decision.Cause.GLOBAL_LIMIT);
        long blast = causes(rows, Decision.Cause.BLAST_RADIUS);
        long guard = causes(rows, Decision.Cause.GUARD);
        return "(" + cooldown + "/" + limit + "/" + blast + "/" + guard + ")";
    }

    private static long causes(List<Backtest.Row> rows, Decision.Cause cause) {
        return rows.stream().filter(r -> r.outcome() == Backtest.Outcome.HELD && r.decision().cause() == cause).count();
    }

    private static String labels(AlertOccurrence a) {
        return a.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    private static String score(Backtest.Row r) {
        if (!r.verdict().available()) {
            return "score    -          ";
        }
        return String.format(Locale.ROOT, "score %.2f %-8s", r.verdict().score(),
                r.verdict().fromModel() ? "model" : "fallback");
    }
}
