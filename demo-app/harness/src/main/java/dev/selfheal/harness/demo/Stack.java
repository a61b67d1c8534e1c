package dev.selfheal.harness.demo;

import dev.selfheal.demo.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The demo's five programs on loopback only, with their data under one work directory: demo-app,
 * Prometheus, Alertmanager (single node), the scorer and the receiver. Configuration files are
 * written there from the repository's rules and playbooks.
 */
final class Stack {

    static final int DEMO_APP = 18080;
    static final int RECEIVER = 18090;
    static final int SCORER = 18091;
    static final int PROMETHEUS = 19090;
    static final int ALERTMANAGER = 19093;
    /** demo-app's requests a second to itself, live and in the backfilled history. */
    static final int RPS = 25;

    final Path root;
    final Path work;
    final String token;
    /** The scorer's bearer token (SELFHEAL_SCORER_TOKEN_FILE for both services), another secret than the webhook's. */
    final String scorerToken;
    /** The console's login for the demo: {@value #OPERATOR} with this password, an operator. */
    final String operatorPassword;
    static final String OPERATOR = "demo";

    Stack(Path root, Path work) {
        this.root = root;
        this.work = work;
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        this.token = HexFormat.of().formatHex(b);
        new SecureRandom().nextBytes(b);
        this.scorerToken = HexFormat.of().formatHex(b);
        byte[] p = new byte[9];
        new SecureRandom().nextBytes(p);
        this.operatorPassword = HexFormat.of().formatHex(p);
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    void writeConfigs() throws IOException {
        Files.writeString(work.resolve("webhook-token"), token);
        Files.writeString(work.resolve("scorer-token"), scorerToken);
        Files.writeString(work.resolve("operators"), OPERATOR + ":operator:"
                + BCrypt.hashpw(operatorPassword, BCrypt.gensalt("$2y", 10)) + "\n");
        Files.copy(root.resolve("rules/selfheal-demo.rules.yml"), work.resolve("selfheal-demo.rules.yml"));
        Files.writeString(work.resolve("prometheus.yml"), """
                # written by ./selfheal demo: the top-level prometheus.yml with loopback addresses
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [selfheal-demo.rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                scrape_configs:
                  - job_name: demo-app
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: selfheal-receiver
                    scrape_interval: 5s
                    metrics_path: /q/metrics
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: selfheal-scorer
                    scrape_interval: 5s
                    metrics_path: /q/metrics
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(ALERTMANAGER, DEMO_APP, RECEIVER, SCORER));
        Files.writeString(work.resolve("alertmanager.yml"), """
                # written by ./selfheal demo: the top-level alertmanager.yml with loopback addresses
                route:
                  receiver: selfheal
                  group_by: [alertname, job]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: selfheal
                    webhook_configs:
                      - url: %s/api/v1/alerts
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials_file: %s
                """.formatted(url(RECEIVER), work.resolve("webhook-token")));
    }

    /**
     * Writes {@code length} of demo-app's normal traffic, ending now, into Prometheus' data
     * directory before it starts ({@code promtool tsdb create-blocks-from openmetrics}), so the
     * scorer replays hours of history and trains its models before the first fault.
     */
    java.time.Duration backfill(java.time.Duration length) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path file = work.resolve("history.om");
        try (var out = Files.newBufferedWriter(file)) {
            new History("demo-app", "127.0.0.1:" + DEMO_APP, RPS, 42)
                    .write(java.time.Instant.now().minusSeconds(2), length, out);
        }
        Path data = Files.createDirectories(work.resolve("prometheus-data"));
        Process p = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", file.toString(),
                data.toString()).redirectErrorStream(true).redirectOutput(work.resolve("promtool.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("promtool could not backfill the history (see " + work.resolve("promtool.log") + ")");
        }
        Files.delete(file);
        return java.time.Duration.ofNanos(System.nanoTime() - started);
    }

    void start(Supervisor s) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        s.start("demo-app", List.of(java, "-Xmx128m", "-jar", root.resolve("demo-app/target/demo-app.jar").toString()),
                Map.of("DEMO_APP_HOST", "127.0.0.1", "DEMO_APP_PORT", String.valueOf(DEMO_APP), "DEMO_APP_RPS",
                        String.valueOf(RPS)));
        s.start("prometheus", List.of("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + PROMETHEUS),
                Map.of());
        s.start("alertmanager", List.of("prometheus-alertmanager", "--config.file=" + work.resolve("alertmanager.yml"),
                "--storage.path=" + work.resolve("alertmanager-data"), "--web.listen-address=127.0.0.1:" + ALERTMANAGER,
                "--cluster.listen-address="), Map.of());
        Map<String, String> scorer = new LinkedHashMap<>();
        scorer.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        scorer.put("QUARKUS_HTTP_PORT", String.valueOf(SCORER));
        scorer.put("SELFHEAL_PROMETHEUS_URL", url(PROMETHEUS));
        scorer.put("SELFHEAL_MODEL_DIR", work.resolve("models").toString());
        scorer.put("OMP_NUM_THREADS", "1");
        scorer.put("SELFHEAL_SCORER_TOKEN_FILE", work.resolve("scorer-token").toString());
        s.start("scorer", List.of(java, "-Xmx768m", "-jar", root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()),
                scorer);
        Map<String, String> receiver = new LinkedHashMap<>();
        receiver.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        receiver.put("QUARKUS_HTTP_PORT", String.valueOf(RECEIVER));
        receiver.put("SELFHEAL_DATA_DIR", work.resolve("receiver-data").toString());
        receiver.put("SELFHEAL_WEBHOOK_TOKEN_FILE", work.resolve("webhook-token").toString());
        receiver.put("SELFHEAL_PLAYBOOKS", root.resolve("playbooks.yml").toString());
        receiver.put("SELFHEAL_SCORER_URL", url(SCORER));
        receiver.put("SELFHEAL_SCORER_TOKEN_FILE", work.resolve("scorer-token").toString());
        receiver.put("SELFHEAL_PAGERDUTY_PUBLIC_URL", url(RECEIVER));
        receiver.put("SELFHEAL_OPERATORS_FILE", work.resolve("operators").toString());
        s.start("receiver", List.of(java, "-Xmx384m", "-jar", root.resolve("receiver/target/quarkus-app/quarkus-run.jar").toString()),
                receiver);
    }
}
