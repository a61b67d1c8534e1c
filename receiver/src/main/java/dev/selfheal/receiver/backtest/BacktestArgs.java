package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.api.TimeArg;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./selfheal backtest --from T --to T [--prometheus URL] [--scorer URL] [--playbooks FILE]
 * [--rules FILE...] [--json FILE]}, validated: a bad argument is an {@link IllegalArgumentException}
 * whose message says which.
 *
 * @param scorer  the scorer to ask; null: the backtest starts a scorer of its own
 * @param rules   rule files whose alerting rules are evaluated over the range; empty: Prometheus'
 *                own {@code ALERTS} history
 * @param json    where to write the whole result as JSON; null for none
 */
record BacktestArgs(Instant from, Instant to, URI prometheus, URI scorer, Path playbooks, List<Path> rules,
                    Path json) {

    static final String USAGE = "usage: ./selfheal backtest --from T --to T [--prometheus URL] [--scorer URL] "
            + "[--playbooks FILE] [--rules FILE...] [--json FILE]\n"
            + "  T: RFC 3339 (2026-11-28T22:40:00Z), now, or relative (-7d, -36h, -90m)\n"
            + "  defaults: --prometheus $SELFHEAL_PROMETHEUS_URL, --playbooks ./playbooks.yml, --to now;\n"
            + "  without --scorer a scorer of its own is started for the run";

    static BacktestArgs parse(String[] args, Map<String, String> env, Instant now, Path defaultPlaybooks) {
        String from = null;
        String to = "now";
        String prometheus = env.get("SELFHEAL_PROMETHEUS_URL");
        String scorer = null;
        Path playbooks = defaultPlaybooks;
        List<Path> rules = new ArrayList<>();
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--from" -> from = value(args, ++i, a);
                case "--to" -> to = value(args, ++i, a);
                case "--prometheus" -> prometheus = value(args, ++i, a);
                case "--scorer" -> scorer = value(args, ++i, a);
                case "--playbooks" -> playbooks = Path.of(value(args, ++i, a));
                case "--json" -> json = Path.of(value(args, ++i, a));
                case "--rules" -> {
                    rules.add(Path.of(value(args, ++i, a)));
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        rules.add(Path.of(args[++i]));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("--from is required");
        }
        Instant start = TimeArg.parse(from, now);
        Instant end = TimeArg.parse(to, now);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from (" + start + ") must be before --to (" + end + ")");
        }
        if (prometheus == null || prometheus.isBlank()) {
            throw new IllegalArgumentException("no Prometheus: give --prometheus URL or set SELFHEAL_PROMETHEUS_URL");
        }
        if (!Files.isReadable(playbooks)) {
            throw new IllegalArgumentException("the playbooks file " + playbooks + " cannot be read");
        }
        for (Path r : rules) {
            if (!Files.isReadable(r)) {
                throw new IllegalArgumentException("the rule file " + r + " cannot be read");
            }
        }
        return new BacktestArgs(start, end, url(prometheus, "--prometheus"), scorer == null ? null : url(scorer, "--scorer"),
                playbooks, List.copyOf(rules), json);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static URI url(String text, String name) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " '" + text + "' is not an http(s) URL");
    }
}
