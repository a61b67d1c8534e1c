package dev.selfheal.demo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Starts the packaged receiver on 127.0.0.1 for the bench and chaos drivers, and waits until it is ready. */
public final class ReceiverProcess {

    private ReceiverProcess() {
    }

    /**
     * @param env  the receiver's settings (port and host are added); its log is appended to {@code log}
     */
    public static Process start(Path root, Path log, int port, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar",
                root.resolve("receiver/target/quarkus-app/quarkus-run.jar").toString())
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
