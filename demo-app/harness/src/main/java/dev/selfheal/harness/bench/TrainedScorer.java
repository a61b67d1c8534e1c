package dev.selfheal.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The packaged scorer on 127.0.0.1:PORT in front of the stand-in Prometheus
 * ({@link BenchPrometheus}, PORT + 1, a process of its own), with its model directory under the
 * work directory; the bench series' last day replayed through {@code POST /api/v1/models/train}
 * (5,760 points: the models the plan trains) and waited for until a trained model serves and the
 * replay is over, so load is measured on a scorer that serves, not one still training.
 */
public final class TrainedScorer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    /** The request the load sends: the bench series' last hour, the served query form. */
    final Path window;
    final Process scorer;
    private final Process prometheus;
    private final String token;

    private TrainedScorer(int port, Path window, Process scorer, Process prometheus, String token) {
        this.port = port;
        this.window = window;
        this.scorer = scorer;
        this.prometheus = prometheus;
        this.token = token;
    }

    /** The scorer's packaged class path (a main of its own, such as its in-process bench). */
    static String classpath(Path root) {
        Path app = root.resolve("scorer/target/quarkus-app");
        return app.resolve("lib/boot/*") + ":" + app.resolve("lib/main/*") + ":" + app.resolve("app/*");
    }

    /** DJL offline, one PyTorch thread: as the launcher runs the scorer. */
    static List<String> djlOptions() {
        return List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");
    }

    /** The scorer's JVM options as the launcher gives them (./selfheal's java_scorer_opts and scorer_heap_opts). */
    public static List<String> jvmOptions(String heap) {
        List<String> options = new java.util.ArrayList<>(djlOptions());
        options.add("-Xmx" + heap);
        options.addAll(List.of(HEAP_FLAGS.split(" ")));
        return options;
    }

    /**
     * Short young pauses while trainings allocate, and a heap that gives back what a full collection
     * frees (the series live on it), as the launcher and the chart run the scorer.
     */
    public static final String HEAP_FLAGS = "-XX:MaxGCPauseMillis=20 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";

    static TrainedScorer start(Path root, Path work, int port) throws Exception {
        int promPort = port + 1;
        Process prometheus = JavaProcess.start(JavaProcess.harnessMain(BenchPrometheus.class, String.valueOf(promPort),
                work.toString()), Map.of(), work.resolve("prometheus.log"),
                URI.create("http://127.0.0.1:" + promPort + "/api/v1/query_range?start=0&end=0&step=15"), Duration.ofSeconds(60));
        TrainedScorer s = null;
        try {
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
            List<String> command = new java.util.ArrayList<>(List.of(JavaProcess.java()));
            command.addAll(jvmOptions(System.getenv().getOrDefault("SELFHEAL_SCORER_HEAP", "512m")));
            command.addAll(List.of("-jar", root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()));
            Process scorer = JavaProcess.start(command, Map.of("SELFHEAL_PROMETHEUS_URL", "http://127.0.0.1:" + promPort,
                    "SELFHEAL_MODEL_DIR", work.resolve("models").toString(), "SELFHEAL_SCORER_TOKEN", token,
                    "QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", String.valueOf(port)),
                    work.resolve("scorer.log"), URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofSeconds(120));
            s = new TrainedScorer(port, work.resolve("window.json"), scorer, prometheus, token);
            s.train(work.resolve("warm.json"));
            return s;
        } catch (Exception e) {
            if (s != null) {
                s.close();
            } else {
                JavaProcess.stop(prometheus);
            }
            throw e;
        }
    }

    String token() {
        return token;
    }

    /** {@code Authorization: Bearer …} as a header line for {@link HttpLoad}. */
    String authorization() {
        return "Authorization: Bearer " + token + "\r\n";
    }

    URI score() {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/score");
    }

    URI floor() {
        return URI.create("http://127.0.0.1:" + (port + 1) + "/api/v1/query_range");
    }

    private void train(Path warm) throws Exception {
        JsonNode accepted = call("POST", "/api/v1/models/train", Files.readString(warm));
        if (accepted == null) {
            throw new IllegalStateException("the bench series could not be replayed; see the scorer's log");
        }
        Instant end = Instant.now().plus(Duration.ofMinutes(5));
        while (!trainedAndIdle(call("GET", "/api/v1/models", null))) {
            if (Instant.now().isAfter(end) || !scorer.isAlive()) {
                throw new IllegalStateException("the bench series has no READY model after its replay");
            }
            Thread.sleep(500);
        }
        JsonNode answer = call("POST", "/api/v1/score", Files.readString(window));
        if (answer == null || !"READY".equals(answer.path("results").path(0).path("model").path("status").asText())) {
            throw new IllegalStateException("the bench series is not answered by a READY model: " + answer);
        }
    }

    /** Every series READY and none replaying. */
    static boolean trainedAndIdle(JsonNode models) {
        if (models == null || !models.path("models").isArray() || models.path("models").isEmpty()) {
            return false;
        }
        for (JsonNode m : models.path("models")) {
            if (!"READY".equals(m.path("status").asText()) || m.path("replaying").asBoolean(true)) {
                return false;
            }
        }
        return true;
    }

    private JsonNode call(String method, String path, String body) throws InterruptedException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
            b = body == null ? b.GET() : b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        JavaProcess.stop(scorer);
        JavaProcess.stop(prometheus);
    }
}
