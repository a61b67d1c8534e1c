package dev.selfheal.receiver.backtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A scorer of the backtest's own for the run, so a backtest never loads the live one: the scorer
 * jar on a free loopback port, pointed at the same Prometheus, its models in a temporary directory
 * removed at the end. A request waits for its series' replay and training (a long wait budget)
 * rather than being answered by the fallback. Stopped by {@link #close()}, and by a shutdown hook
 * when the backtest is interrupted.
 */
final class OwnScorer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final Path dir;
    private final URI url;
    private final String token;
    private final Thread hook;

    private OwnScorer(Process process, Path dir, URI url, String token) {
        this.process = process;
        this.dir = dir;
        this.url = url;
        this.token = token;
        this.hook = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static OwnScorer start(Path jar, URI prometheus, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the scorer jar " + jar + " is missing: build with ./mvnw -B package -DskipTests, "
                    + "or give --scorer URL");
        }
        Path dir = Files.createTempDirectory("selfheal-backtest-scorer");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + env.getOrDefault("SELFHEAL_SCORER_HEAP", "256m"),
                "-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("scorer.log").toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("SELFHEAL_PROMETHEUS_URL", prometheus.toString());
        pb.environment().put("SELFHEAL_MODEL_DIR", dir.resolve("models").toString());
        pb.environment().putIfAbsent("SELFHEAL_TRAINING_WAIT_BUDGET", "3m");
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret); // this run's own: the live scorer's is never needed
        pb.environment().remove("SELFHEAL_SCORER_TOKEN_FILE");
        pb.environment().remove("SELFHEAL_SCORER_AUTH_ENABLED");
        pb.environment().put("SELFHEAL_SCORER_TOKEN", token);
        OwnScorer scorer = new OwnScorer(pb.start(), dir, URI.create("http://127.0.0.1:" + port), token);
        try {
            scorer.awaitReady();
        } catch (IOException | RuntimeException e) {
            scorer.close();
            throw e;
        }
        return scorer;
    }

    URI url() {
        return url;
    }

    /** The bearer token this scorer was started with. */
    String token() {
        return token;
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the backtest's scorer exited at start (" + process.exitValue() + "):\n" + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the backtest's scorer started", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the backtest's scorer started", e);
            }
        }
        throw new IOException("the backtest's scorer was not ready within " + START_TIMEOUT.toSeconds() + " s:\n"
                + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("scorer.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs stop()
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
