package dev.selfheal.harness.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.harness.bench.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged scorer on 127.0.0.1:PORT for {@code bench scorer-scale}, on the bench's
 * model directory and stand-in Prometheus, with its heap and memory budget named (a null budget
 * leaves {@code SELFHEAL_SCORER_MEMORY_BUDGET} as the launcher would: the caller's, else unset);
 * and the calls the bench makes to it. {@link #startedNanos} is when its process was started.
 */
final class ScaleScorer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer to one call: its status (0 when the call failed), its JSON body (or null), its time. */
    record Answer(int status, JsonNode body, long nanos) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    final Process process;
    final long startedNanos;
    private final URI base;
    private final String token;

    ScaleScorer(Process process, long startedNanos, URI base, String token) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.base = base;
        this.token = token;
    }

    /** The settings a run is started with, as printed. */
    record Settings(String heap, String budget) {
        String describe() {
            return "-Xmx" + heap + ", SELFHEAL_SCORER_MEMORY_BUDGET=" + (budget == null ? "unset (the scorer's default: half the heap)" : budget);
        }
    }

    static ScaleScorer start(Path root, Path work, int port, URI prometheus, String token, Settings settings)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JavaProcess.java()));
        command.addAll(dev.selfheal.harness.bench.TrainedScorer.jvmOptions(settings.heap()));
        command.addAll(List.of("-jar", root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()));
        Map<String, String> env = new HashMap<>(Map.of("SELFHEAL_PROMETHEUS_URL", prometheus.toString(),
                "SELFHEAL_MODEL_DIR", work.resolve("models").toString(), "SELFHEAL_SCORER_TOKEN", token,
                "QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", String.valueOf(port),
                // POST /models/train finds a query's series over the default window before now; the
                // bench's points end when the run starts, and the fresh series are asked for up to
                // 20 minutes later.
                "SELFHEAL_SCORING_DEFAULT_WINDOW", "6h"));
        if (settings.budget() != null) {
            env.put("SELFHEAL_SCORER_MEMORY_BUDGET", settings.budget());
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        long started = System.nanoTime();
        Process p = JavaProcess.start(command, env, work.resolve("scorer.log"), base.resolve("/q/health/ready"),
                Duration.ofMinutes(3));
        return new ScaleScorer(p, started, base, token);
    }

    /** The score request of one series at the bench's fixed end, its last 30 minutes shown. */
    static String scoreBody(ScaleLayout.Series s, String end) {
        ObjectNode body = JSON.createObjectNode().put("query", s.query()).put("end", end).put("window", "30m")
                .put("step", "15s");
        return body.toString();
    }

    Answer score(ScaleLayout.Series s, String end) throws InterruptedException {
        return call("POST", "/api/v1/score", scoreBody(s, end));
    }

    Answer train(ScaleLayout.Series s) throws InterruptedException {
        return call("POST", "/api/v1/models/train", JSON.createObjectNode().put("query", s.query()).put("step", "15s").toString());
    }

    Answer models() throws InterruptedException {
        return call("GET", "/api/v1/models", null);
    }

    Answer readiness() throws InterruptedException {
        return call("GET", "/q/health/ready", null);
    }

    /** {@code /q/metrics}, or "" when it does not answer. */
    String metrics() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    double rssMb() {
        try {
            return JavaProcess.rssMb(process.pid());
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A full collection in the scorer ({@code jcmd PID GC.run}), so heap and RSS read its live set; false when it failed. */
    boolean fullGc() throws InterruptedException {
        if (!process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            return false;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Heap in use, MB, from the scorer's {@code jvm_memory_used_bytes{area="heap"}}; NaN when not published. */
    static double heapUsedMb(String exposition) {
        double sum = exposition.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        return exposition.contains("jvm_memory_used_bytes{") ? sum / (1024 * 1024) : Double.NaN;
    }

    static String describe(double rssMb, String exposition) {
        return String.format(Locale.ROOT, "RSS %.0f MB, heap used %.0f MB", rssMb, heapUsedMb(exposition));
    }

    /**
     * RSS after a full collection ({@code jcmd PID GC.run}) and a second for the collector to give
     * memory back, so it reads what the scorer keeps, not garbage not collected yet; NaN when the
     * collection could not be asked for.
     */
    double settledRssMb() throws InterruptedException {
        if (!fullGc()) {
            return Double.NaN;
        }
        Thread.sleep(1000);
        return rssMb();
    }

    private Answer call(String method, String path, String body) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
            b = body == null ? b.GET() : b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - t0;
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Answer(r.statusCode(), json, nanos);
        } catch (IOException e) {
            return new Answer(0, null, System.nanoTime() - t0);
        }
    }

    /** Stops the scorer (TERM, so it saves what it saves on a stop; KILL after 10 s). */
    @Override
    public void close() throws InterruptedException {
        JavaProcess.stop(process);
    }
}
