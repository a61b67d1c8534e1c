package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.auth.SecretSource;
import dev.selfheal.receiver.kubernetes.WorkloadGuard;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import dev.selfheal.receiver.playbook.PlaybookValidationException;
import dev.selfheal.receiver.prometheus.PrometheusException;
import dev.selfheal.receiver.prometheus.PrometheusQueries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./selfheal backtest}: what the playbooks would have done over a range of Prometheus
 * history. Exit codes: 0 the run completed (whatever it found), 2 a bad argument, playbook or
 * rule file, 3 Prometheus (or the given scorer) unreachable, 4 the backtest's own scorer did not start.
 */
public final class BacktestMain {

    static final int BAD_ARGUMENTS = 2;
    static final int UNREACHABLE = 3;
    static final int NO_SCORER = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private BacktestMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        BacktestArgs args;
        List<Playbook> playbooks;
        List<AlertRules.Rule> rules;
        Backtest.Safety safety;
        Optional<String> givenScorerToken;
        try {
            args = BacktestArgs.parse(argv, env, Instant.now().truncatedTo(ChronoUnit.SECONDS), defaultPlaybooks());
            playbooks = PlaybookLoader.load(args.playbooks());
            rules = AlertRules.read(args.rules());
            safety = safety(env);
            givenScorerToken = scorerToken(env);
        } catch (PlaybookValidationException e) {
            e.problems().forEach(p -> err.println("backtest: " + p));
            return BAD_ARGUMENTS;
        } catch (IllegalArgumentException e) {
            err.println("backtest: " + e.getMessage());
            err.println(BacktestArgs.USAGE);
            return BAD_ARGUMENTS;
        }
        PrometheusQueries prometheus = new PrometheusQueries(args.prometheus(), Duration.ofSeconds(60));
        List<AlertOccurrence> alerts;
        String source;
        try {
            prometheus.checkReachable();
            AlertHistory history = new AlertHistory(prometheus);
            if (rules.isEmpty()) {
                alerts = history.fromAlertsSeries(args.from(), args.to());
                source = "ALERTS{alertstate=\"firing\"} at " + args.prometheus();
            } else {
                alerts = history.fromRules(rules, args.from(), args.to());
                source = rules.size() + " alerting rules of " + args.rules() + " evaluated on " + args.prometheus();
            }
        } catch (PrometheusException e) {
            err.println("backtest: " + e.getMessage());
            return e.unreachable() ? UNREACHABLE : BAD_ARGUMENTS;
        }
        boolean anyMatch = alerts.stream().anyMatch(a -> playbooks.stream().anyMatch(p -> p.matches(a.labels())));
        OwnScorer own = null;
        try {
            String scorerName;
            ScorerAsk scorer;
            if (args.scorer() != null) {
                scorer = new ScorerAsk(args.scorer(), givenScorerToken, PATIENCE);
                scorerName = args.scorer().toString();
            } else if (anyMatch) {
                err.println("backtest: starting a scorer of its own for the run (give --scorer URL to use one)");
                own = OwnScorer.start(scorerJar(), args.prometheus(), env);
                scorer = new ScorerAsk(own.url(), Optional.of(own.token()), PATIENCE);
                scorerName = "of its own, pointed at " + args.prometheus();
            } else {
                scorer = new ScorerAsk(args.prometheus(), Optional.empty(), PATIENCE); // never asked: nothing matches
                scorerName = "not needed (no alert matches a playbook)";
            }
            List<Backtest.Row> rows = new Backtest(playbooks, scorer, safety).run(alerts, new ProgressBar(err, scorer, System.console() != null));
            err.printf("backtest: %d scorer calls in %.1f s%n", scorer.calls(), scorer.spent().toMillis() / 1000.0);
            BacktestReport report = new BacktestReport(new BacktestReport.Run(args, source, scorerName, scorer.calls(),
                    scorer.spent().toMillis() / 1000.0), playbooks, alerts, rows);
            if (args.json() != null) {
                report.writeJson(args.json());
            }
            report.print(out);
            return 0;
        } catch (IOException e) {
            err.println("backtest: " + e.getMessage());
            return NO_SCORER;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** The given scorer's token, read as the receiver reads it (SELFHEAL_SCORER_TOKEN, or the file SELFHEAL_SCORER_TOKEN_FILE). */
    static Optional<String> scorerToken(Map<String, String> env) {
        SecretSource token = new SecretSource("scorer token", Optional.ofNullable(env.get("SELFHEAL_SCORER_TOKEN")),
                Optional.ofNullable(env.get("SELFHEAL_SCORER_TOKEN_FILE")).filter(f -> !f.isBlank()).map(Path::of));
        if (token.configured() && token.current().isEmpty()) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_TOKEN_FILE " + env.get("SELFHEAL_SCORER_TOKEN_FILE")
                    + " cannot be read or is empty");
        }
        return token.current();
    }

    /** The receiver's safety settings, from the same environment variables and with the same defaults. */
    static Backtest.Safety safety(Map<String, String> env) {
        int maxTargets = positive(env, "SELFHEAL_SAFETY_MAX_TARGETS", 5);
        Duration window = Duration.parse("PT" + env.getOrDefault("SELFHEAL_SAFETY_BLAST_RADIUS_WINDOW", "10m")
                .toUpperCase(java.util.Locale.ROOT));
        int perHour = positive(env, "SELFHEAL_SAFETY_MAX_ACTIONS_PER_HOUR", 30);
        List<String> allow = list(env.getOrDefault("SELFHEAL_SAFETY_ALLOW_NAMESPACES", ""));
        List<String> deny = list(env.getOrDefault("SELFHEAL_SAFETY_DENY_NAMESPACES", "kube-system,kube-public"));
        return new Backtest.Safety(maxTargets, window, perHour, new WorkloadGuard(allow, deny,
                WorkloadGuard.NO_LABEL_REQUIRED));
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        try {
            int n = v == null ? fallback : Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + "='" + v + "' is not a positive whole number");
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Path defaultPlaybooks() {
        Path here = Path.of("playbooks.yml");
        String root = System.getProperty("selfheal.root");
        return Files.exists(here) || root == null ? here : Path.of(root, "playbooks.yml");
    }

    private static Path scorerJar() {
        String jar = System.getProperty("selfheal.scorer.jar");
        if (jar != null) {
            return Path.of(jar);
        }
        String root = System.getProperty("selfheal.root", ".");
        return Path.of(root, "scorer", "target", "quarkus-app", "quarkus-run.jar");
    }
}
