package dev.selfheal.harness.bench.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.harness.bench.JavaProcess;
import dev.selfheal.harness.bench.decisions.Judge.Decided;
import dev.selfheal.harness.bench.decisions.Judge.Heal;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./selfheal bench decisions [--small] [--seeds N] [--keep]}: decision quality against a
 * generator's truth. Generates the histories of {@link Layout} (every one its own job), backfills
 * them into one Prometheus TSDB with promtool, starts that Prometheus and one scorer of its own,
 * runs the receiver's backtest as {@code ./selfheal backtest} runs it (its main on the receiver's
 * packaged class path, {@code --rules} of {@link BenchFiles}, {@code --scorer}, {@code --json}),
 * asks the scorer's verify answer after each fault's end ({@link Verifier}) and compares all with
 * the truth ({@link Judge}). One line per missed item, then {@link DecisionTally#line()} last;
 * exit 1 when a target is missed. {@code --keep} keeps the work directory.
 */
public final class DecisionBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_SEEDS = 3;

    private DecisionBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean small = false;
        boolean keep = false;
        int seeds = DEFAULT_SEEDS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--small" -> small = true;
                case "--keep" -> keep = true;
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ./selfheal bench decisions [--small] [--seeds N] [--keep]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-bench-decisions-");
        long end = Instant.now().minusSeconds(300).getEpochSecond() / 60 * 60;
        List<History> histories = Layout.plan(seeds, small, end);
        DecisionTally tally;
        Process prometheus = null;
        Process scorer = null;
        try {
            System.out.printf(Locale.ROOT, "== %d histories (%s), ending %s; work directory %s%n", histories.size(),
                    small ? "the small set" : seeds + " seeds", Instant.ofEpochSecond(end), work);
            for (History h : histories) {
                System.out.printf(Locale.ROOT, "  %-7s every %-3s %5.1f h  %d faults (%d repeats), %d blips, %d level steps, "
                                + "%d gaps, %d idle stretches, %d NaN latencies%n", h.job(), h.cadence().label,
                        (h.end() - h.start()) / 3600.0, h.faults().size(), h.faults().stream().filter(Fault::repeat).count(),
                        h.blips().size(), h.steps().size(), h.gaps().size(), h.idle().size(), h.latencyNaN().size());
            }
            Path data = backfill(histories, work);
            int promPort = freePort();
            URI prom = URI.create("http://127.0.0.1:" + promPort);
            Files.writeString(work.resolve("prometheus.yml"), "global:\n  evaluation_interval: 15s\n");
            prometheus = JavaProcess.start(List.of("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + promPort), Map.of(), work.resolve("prometheus.log"),
                    prom.resolve("/-/ready"), Duration.ofMinutes(2));
            List<String> truthErrors = new TruthCheck(prom).problems(histories);
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
            int scorerPort = freePort();
            URI scorerUrl = URI.create("http://127.0.0.1:" + scorerPort);
            scorer = startScorer(root, work, prom, scorerPort, token);
            Path rules = Files.writeString(work.resolve("bench.rules.yml"), BenchFiles.rules());
            Path playbooks = Files.writeString(work.resolve("playbooks.yml"), BenchFiles.playbooks(histories));
            Path json = work.resolve("backtest.json");
            long from = histories.stream().mapToLong(h -> h.start() + Layout.WARMUP).min().orElseThrow() - 60;
            long t0 = System.nanoTime();
            backtest(root, work, prom, scorerUrl, token, rules, playbooks, json, from, end);
            System.out.printf(Locale.ROOT, "backtest: %.0f s%n", (System.nanoTime() - t0) / 1e9);
            JsonNode report = JSON.readTree(json.toFile());
            List<Decided> decided = decisions(report);
            long t1 = System.nanoTime();
            Verifier verifier = new Verifier(scorerUrl, token);
            List<Heal> heals = new ArrayList<>();
            for (History h : histories) {
                for (Fault f : h.faults()) {
                    heals.add(verifier.check(f, h.cadence()));
                }
            }
            System.out.printf(Locale.ROOT, "verify answers: %d asks in %.0f s%n", verifier.asks(), (System.nanoTime() - t1) / 1e9);
            tally = Judge.compare(histories, report.path("totals").path("alerts").asInt(decided.size()), decided, heals,
                    truthErrors);
        } finally {
            JavaProcess.stop(scorer);
            JavaProcess.stop(prometheus);
            if (!keep) {
                delete(work);
            }
        }
        tally.misses().forEach(System.out::println);
        System.out.printf(Locale.ROOT, "bench decisions: %s in %.0f s (load average %s)%n", tally.ok() ? "targets met"
                : "TARGETS MISSED", (System.nanoTime() - started) / 1e9, loadAverage());
        System.out.println(tally.line());
        System.exit(tally.ok() ? 0 : 1);
    }

    private static Path backfill(List<History> histories, Path work) throws IOException, InterruptedException {
        long t = System.nanoTime();
        Path file = work.resolve("history.om");
        long samples;
        try (Writer out = Files.newBufferedWriter(file)) {
            samples = HistoryWriter.write(histories, out);
        }
        Path data = Files.createDirectories(work.resolve("prometheus-data"));
        Process p = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", file.toString(),
                data.toString()).redirectErrorStream(true).redirectOutput(work.resolve("promtool.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("promtool could not backfill the histories (see " + work.resolve("promtool.log") + ")");
        }
        Files.delete(file);
        System.out.printf(Locale.ROOT, "backfilled %,d samples with promtool in %.0f s%n", samples, (System.nanoTime() - t) / 1e9);
        return data;
    }

    private static Process startScorer(Path root, Path work, URI prometheus, int port, String token)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JavaProcess.java(), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-Xmx1g", "-jar",
                root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SELFHEAL_PROMETHEUS_URL", prometheus.toString());
        env.put("SELFHEAL_MODEL_DIR", work.resolve("models").toString());
        env.put("SELFHEAL_SCORER_TOKEN", token);
        env.put("SELFHEAL_TRAINING_LOOKBACK", Layout.WARMUP / 3600 + "h");
        env.put("SELFHEAL_TRAINING_WAIT_BUDGET", "3m");
        env.put("SELFHEAL_TRAINING_RETAIN_POINTS", "60000");
        env.put("OMP_NUM_THREADS", "1");
        return JavaProcess.start(command, env, work.resolve("scorer.log"),
                URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofMinutes(2));
    }

    /** The receiver's backtest, as {@code ./selfheal backtest} runs it; its output is echoed but for its per-decision lines. */
    private static void backtest(Path root, Path work, URI prometheus, URI scorer, String token, Path rules, Path playbooks,
                                 Path json, long from, long to) throws IOException, InterruptedException {
        Path app = root.resolve("receiver/target/quarkus-app");
        List<String> command = List.of(JavaProcess.java(), "-Dselfheal.root=" + root, "-cp",
                app.resolve("lib/boot/*") + ":" + app.resolve("lib/main/*") + ":" + app.resolve("app/*"),
                "dev.selfheal.receiver.backtest.BacktestMain", "--prometheus", prometheus.toString(), "--scorer",
                scorer.toString(), "--playbooks", playbooks.toString(), "--rules", rules.toString(), "--json", json.toString(),
                "--from", Instant.ofEpochSecond(from).toString(), "--to", Instant.ofEpochSecond(to).toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(work.resolve("backtest.out").toFile())
                .redirectError(work.resolve("backtest.err").toFile());
        pb.environment().put("SELFHEAL_SCORER_TOKEN", token);
        pb.environment().remove("SELFHEAL_SCORER_TOKEN_FILE");
        // the histories are independent services decided in one run: no blast radius or global limit across them
        pb.environment().put("SELFHEAL_SAFETY_MAX_TARGETS", "100000");
        pb.environment().put("SELFHEAL_SAFETY_MAX_ACTIONS_PER_HOUR", "100000");
        Process p = pb.start();
        boolean done;
        try {
            done = p.waitFor(30, TimeUnit.MINUTES);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        List<String> out = Files.readAllLines(work.resolve("backtest.out"));
        if (!done || p.exitValue() != 0) {
            Files.readAllLines(work.resolve("backtest.err")).forEach(System.out::println);
            out.forEach(System.out::println);
            throw new IllegalStateException("the backtest " + (done ? "exited " + p.exitValue() : "did not finish in 30 minutes"));
        }
        for (String line : out) {
            if (!line.matches("^\\d{4}-\\d\\d-\\d\\dT.*")) {
                System.out.println("  " + line);
            }
        }
    }

    static List<Decided> decisions(JsonNode report) {
        List<Decided> out = new ArrayList<>();
        for (JsonNode d : report.path("decisions")) {
            JsonNode labels = d.path("labels");
            out.add(new Decided(labels.path("job").asText(), labels.has("probe"),
                    Instant.parse(d.path("firedAt").asText()).getEpochSecond(),
                    Instant.parse(d.path("decidedAt").asText()).getEpochSecond(), d.path("outcome").asText(),
                    d.path("cause").asText(), d.path("reason").asText()));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
