package dev.selfheal.scorer.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Prometheus 2.42 (Debian's package) scraping a small metrics endpoint started here
 * every second: a wave gauge the scorer can then be asked about.
 */
public class RealPrometheus implements QuarkusTestResourceLifecycleManager {

    private HttpServer metrics;
    private Process prometheus;

    @Override
    public Map<String, String> start() {
        try {
            metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            long started = System.currentTimeMillis();
            metrics.createContext("/metrics", exchange -> {
                double t = (System.currentTimeMillis() - started) / 1000.0;
                byte[] body = ("# TYPE selfheal_test_wave gauge\nselfheal_test_wave{kind=\"wave\"} "
                        + (10 + Math.sin(t / 5)) + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            metrics.start();
            Path dir = Files.createTempDirectory("selfheal-prometheus");
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: wave
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(metrics.getAddress().getPort()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            prometheus = new ProcessBuilder(binary(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String url = "http://127.0.0.1:" + port;
            waitReady(url);
            return Map.of("selfheal.prometheus-url", url);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String binary() {
        return binary("prometheus");
    }

    static String binary(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(d -> new File(d, name)).filter(File::canExecute).map(File::getAbsolutePath).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not on PATH: install it with "
                        + "'apt-get install -y --no-install-recommends prometheus' (./selfheal test does this as root)"));
    }

    static void waitReady(String url) {
        for (int i = 0; i < 150; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/-/ready").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not up yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Prometheus did not become ready at " + url);
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (metrics != null) {
            metrics.stop(0);
        }
    }
}
