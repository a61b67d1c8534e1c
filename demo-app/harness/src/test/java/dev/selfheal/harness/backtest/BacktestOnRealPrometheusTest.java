package dev.selfheal.harness.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./selfheal backtest} (its main, with the receiver's packaged classpath, as the launcher
 * runs it) against the real Prometheus 2.42 holding eight hours of a service's queue depth,
 * backfilled with {@code promtool tsdb create-blocks-from openmetrics}: sustained faults, short
 * blips, two faults close together, and two short faults either side of a rule's {@code for}. The
 * alert history is backfilled too, as the {@code ALERTS} series Prometheus writes for a rule
 * without {@code for}. The backtest starts a scorer of its own (the packaged scorer), which trains
 * on the history before the faults.
 *
 * <p>The playbook waits 5 minutes ({@code confirm.persist}): longer than the scorer's feature
 * window (16 points of 15 s), which a single-point blip keeps disturbed while it is inside it
 * (measured: at 1 and 3 minutes, a blip still read as an open event on the variability check).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestOnRealPrometheusTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final long STEP = 15;
    private static final double NORMAL = 100;
    private static final double FAULT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stretch of the fault value: start (epoch seconds, on the 15 s grid) and its number of samples. */
    private record Fault(String name, long start, int samples) {
        long end() {
            return start + (samples - 1) * STEP;
        }
    }

    private Path work;
    private Process prometheus;
    private String url;
    private long end;
    private Fault f1;
    private Fault f2;
    private Fault f3;
    private Fault atFor;
    private Fault underFor;
    private final List<Fault> blips = new ArrayList<>();

    @BeforeAll
    void backfillAndStartPrometheus() throws Exception {
        boolean programs = onPath("prometheus") && onPath("promtool");
        Assumptions.assumeTrue(programs || System.getenv("CI") != null,
                "Prometheus and promtool are not installed (./selfheal test installs them)");
        assertThat(ROOT.resolve("receiver/target/quarkus-app/quarkus-run.jar")).as("the packaged receiver").exists();
        assertThat(ROOT.resolve("scorer/target/quarkus-app/quarkus-run.jar")).as("the packaged scorer").exists();
        work = Files.createTempDirectory("selfheal-backtest-it");
        end = (Instant.now().getEpochSecond() - 60) / STEP * STEP;
        long start = end - Duration.ofHours(8).toSeconds();
        f1 = new Fault("f1", at(180), 40);
        f2 = new Fault("f2", at(165), 40); // 15 min after f1 started: inside the 30 min cooldown
        atFor = new Fault("atFor", at(120), 9); // active over 9 evaluations: 120 s, exactly the rule's for
        underFor = new Fault("underFor", at(80), 8); // 105 s: one evaluation short
        f3 = new Fault("f3", at(45), 40);
        for (int minutes : new int[] {140, 95, 20}) {
            blips.add(new Fault("blip", at(minutes), 1));
        }
        List<Fault> all = new ArrayList<>(List.of(f1, f2, atFor, underFor, f3));
        all.addAll(blips);
        Path om = work.resolve("history.om");
        try (Writer out = Files.newBufferedWriter(om)) {
            out.write("# TYPE queue_depth gauge\n");
            Random noise = new Random(7);
            StringBuilder alerts = new StringBuilder("# TYPE ALERTS gauge\n");
            for (long t = start; t <= end; t += STEP) {
                boolean faulty = false;
                boolean alerting = false;
                for (Fault f : all) {
                    boolean in = t >= f.start() && t <= f.end();
                    faulty |= in;
                    alerting |= in && f != atFor && f != underFor;
                }
                double v = faulty ? FAULT + noise.nextGaussian() * 3
                        : NORMAL + 5 * Math.sin(2 * Math.PI * (t - start) / 3600.0) + noise.nextGaussian() * 3;
                out.write(String.format(Locale.ROOT, "queue_depth{job=\"svc\",instance=\"svc:9100\"} %.3f %d%n", v, t));
                if (alerting) { // the two faults at the rule's `for` are left to the rules path
                    alerts.append("ALERTS{alertname=\"QueueHigh\",alertstate=\"firing\",instance=\"svc:9100\","
                            + "job=\"svc\",severity=\"page\"} 1 ").append(t).append('\n');
                }
            }
            out.write(alerts.toString());
            out.write("# EOF\n");
        }
        Path data = Files.createDirectories(work.resolve("data"));
        Process promtool = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", om.toString(),
                data.toString()).redirectErrorStream(true).redirectOutput(work.resolve("promtool.log").toFile()).start();
        assertThat(promtool.waitFor()).as("promtool: " + work.resolve("promtool.log")).isZero();
        Files.writeString(work.resolve("prometheus.yml"), "global:\n  evaluation_interval: 15s\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=30d").redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile()).start();
        awaitQueryable();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void fromTheAlertsHistoryEveryFaultIsConfirmedEveryBlipSuppressedAndTheCooldownHolds() throws Exception {
        Path json = work.resolve("alerts.json");
        List<String> out = backtest(json, "--from", "-7h", "--to", "now");
        assertThat(out.get(out.size() - 1))
                .isEqualTo("alerts=6 remediate=2 suppressed=3 approve=0 held=1 unavailable=0");
        JsonNode decisions = JSON.readTree(json.toFile()).path("decisions");
        assertThat(decisions).hasSize(6);
        assertThat(outcome(decisions, f1.start())).isEqualTo("remediate confirmed");
        assertThat(outcome(decisions, f2.start())).isEqualTo("held cooldown");
        assertThat(outcome(decisions, f3.start())).isEqualTo("remediate confirmed");
        for (Fault blip : blips) {
            assertThat(outcome(decisions, blip.start())).startsWith("suppressed");
        }
        for (JsonNode d : decisions) {
            assertThat(d.path("verdict").path("source").asText()).as("a trained model decides").isEqualTo("model");
            // asked as of the end of the playbook's 5 m persistence wait, never later
            assertThat(Instant.parse(d.path("decidedAt").asText()))
                    .isEqualTo(Instant.parse(d.path("firedAt").asText()).plusSeconds(300));
        }
    }

    @Test
    void fromRulesTheForIsHonouredAtItsBoundary() throws Exception {
        Path rules = work.resolve("queue.rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: queue
                    interval: 15s
                    rules:
                      - alert: QueueHighFor
                        expr: queue_depth{job="svc"} > 200
                        for: 2m
                        labels: {severity: page}
                """);
        Path json = work.resolve("rules.json");
        List<String> out = backtest(json, "--from", Instant.ofEpochSecond(end).minus(Duration.ofHours(7)).toString(),
                "--to", Instant.ofEpochSecond(end).toString(), "--rules", rules.toString());
        // f1, f2, f3 and the fault that lasts exactly the rule's for fire; the blips and the fault one evaluation short do not
        assertThat(out.get(out.size() - 1))
                .isEqualTo("alerts=4 remediate=2 suppressed=1 approve=0 held=1 unavailable=0");
        JsonNode decisions = JSON.readTree(json.toFile()).path("decisions");
        List<Long> fired = new ArrayList<>();
        decisions.forEach(d -> fired.add(Instant.parse(d.path("firedAt").asText()).getEpochSecond()));
        assertThat(fired).containsExactly(f1.start() + 120, f2.start() + 120, atFor.start() + 120, f3.start() + 120);
        assertThat(outcome(decisions, atFor.start() + 120)).as("over before the end of the persistence wait")
                .startsWith("suppressed");
        assertThat(outcome(decisions, f2.start() + 120)).isEqualTo("held cooldown");
    }

    private long at(int minutesBeforeEnd) {
        return end - minutesBeforeEnd * 60L;
    }

    private static String outcome(JsonNode decisions, long firedAt) {
        for (JsonNode d : decisions) {
            if (Instant.parse(d.path("firedAt").asText()).getEpochSecond() == firedAt) {
                return d.path("outcome").asText() + " " + d.path("cause").asText();
            }
        }
        return "no decision for an alert fired at " + Instant.ofEpochSecond(firedAt);
    }

    private List<String> backtest(Path json, String... args) throws Exception {
        Path playbooks = work.resolve("playbooks.yml");
        Files.writeString(playbooks, """
                http:
                  allow: [http://127.0.0.1:18080/admin/]
                playbooks:
                  - name: svc-queue
                    match: '{alertname=~"QueueHigh.*", job="svc"}'
                    confirm:
                      query: 'queue_depth{job="{{ .job }}"}'
                      window: 30m
                      step: 15s
                      persist: 5m
                    target: {kind: http, url: http://127.0.0.1:18080/admin/restart}
                    actions: [{type: http}]
                    mode: shadow
                    cooldown: 30m
                    maxPerHour: 5
                """);
        String app = ROOT.resolve("receiver/target/quarkus-app").toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dselfheal.root=" + ROOT, "-cp", app + "/lib/boot/*:" + app + "/lib/main/*:" + app + "/app/*",
                "dev.selfheal.receiver.backtest.BacktestMain", "--prometheus", url, "--playbooks",
                playbooks.toString(), "--json", json.toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(work, "backtest", ".out");
        Path stderr = Files.createTempFile(work, "backtest", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the backtest finished").isTrue();
        List<String> out = Files.readAllLines(stdout);
        assertThat(p.exitValue()).as("exit code; stderr:\n" + Files.readString(stderr) + "\nstdout:\n"
                + String.join("\n", out)).isZero();
        assertThat(Files.readString(stderr)).contains("scorer calls in");
        return out;
    }

    private void awaitQueryable() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI probe = URI.create(url + "/api/v1/query?query=count(queue_depth)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(prometheus.isAlive()).as("Prometheus runs; see " + work.resolve("prometheus.log")).isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(probe).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"value\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("Prometheus did not answer within 60 s; see " + work.resolve("prometheus.log"));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
