package dev.selfheal.demo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the packaged receiver on 127.0.0.1 for the bench and chaos drivers, and waits until it is ready. */
public final class ReceiverProcess {

    private ReceiverProcess() {
    }

    /**
     * Extra JVM options for the receiver (a profiler, another collector) come from
     * {@code SELFHEAL_BENCH_RECEIVER_OPTS}.
     *
     * @param env  the receiver's settings (port and host are added); its log is appended to {@code log}
     */
    public static Process start(Path root, Path log, int port, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        String extra = System.getenv("SELFHEAL_BENCH_RECEIVER_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", root.resolve("receiver/target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process receiver = pb.start();
        HttpClient client = HttpClient.newHttpClient();
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(end)) {
            if (!receiver.isAlive()) {
                throw new IllegalStateException("the receiver exited (" + receiver.exitValue() + "); see " + log);
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return receiver;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        receiver.destroyForcibly();
        throw new IllegalStateException("the receiver did not become ready; see " + log);
    }
}
