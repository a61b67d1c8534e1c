package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.harness.bench.JavaProcess;
import dev.selfheal.harness.bench.ReceiverProcess;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./selfheal chaos ha}: two receiver replicas on one PostgreSQL, fed by a real two-node
 * Alertmanager cluster (gossip on loopback) and by the same webhooks posted to both replicas at
 * once. Every episode must get exactly one action and one PagerDuty trigger. Last line: key=value.
 */
public final class HaChaos {

    static final int[] RECEIVERS = {18490, 18491};
    static final int[] AM_WEB = {18493, 18494};
    static final int[] AM_CLUSTER = {18495, 18496};
    static final int WORLD = 18497;
    static final int VIA_ALERTMANAGER = 50;
    static final int DIRECT = 50;
    static final String TOKEN = "ha-token-0123456789abcdef";

    private final Path root;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    HaChaos(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-chaos-ha-");
        CountingWorld world = new CountingWorld();
        world.start(WORLD);
        HaChaos ha = new HaChaos(root, work);
        System.out.println("chaos ha: receivers on 127.0.0.1:" + RECEIVERS[0] + " and :" + RECEIVERS[1]
                + " sharing PostgreSQL (schema selfheal_ha), Alertmanager cluster on :" + AM_WEB[0] + " and :" + AM_WEB[1]
                + ", logs in " + work);
        HaTally tally = null;
        try {
            tally = ha.run(world);
        } catch (IllegalStateException e) {
            System.out.println("chaos ha stopped: " + e.getMessage());
        } finally {
            ha.processes.forEach(Process::destroy);
            for (Process p : ha.processes) {
                p.waitFor();
            }
            world.stop();
        }
        if (tally == null) {
            System.exit(1);
        }
        if (!tally.ok()) {
            System.out.println("chaos ha FAILED: an alert without its one episode and one action, or something done twice");
        }
        System.out.println(tally.line());
        System.exit(tally.ok() ? 0 : 1);
    }

    HaTally run(CountingWorld world) throws Exception {
        Files.writeString(work.resolve("token"), TOKEN);
        Files.writeString(work.resolve("playbooks.yml"),
                CountingWorld.playbooks(WORLD, "ha", "{alertname=~\"HaViaAlertmanager|HaDirect\"}"));
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = CountingWorld.receiverEnv(WORLD, work.resolve("playbooks.yml"), TOKEN);
            env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=selfheal_ha");
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_FLYWAY_SCHEMAS", "selfheal_ha");
            env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
            env.put("QUARKUS_FLYWAY_CLEAN_AT_START", i == 0 ? "true" : "false");
            env.put("SELFHEAL_DATA_DIR", work.resolve("data-" + i).toString());
            processes.add(ReceiverProcess.start(root, work.resolve("receiver-" + i + ".log"), RECEIVERS[i], env));
        }
        for (int i = 0; i < 2; i++) {
            Files.writeString(work.resolve("alertmanager-" + i + ".yml"), """
                    route:
                      receiver: selfheal
                      group_by: [n]
                      group_wait: 1s
                      group_interval: 5s
                      repeat_interval: 1h
                    receivers:
                      - name: selfheal
                        webhook_configs:
                          - url: http://127.0.0.1:%d/api/v1/alerts
                            send_resolved: true
                            http_config:
                              authorization: {type: Bearer, credentials_file: %s}
                    """.formatted(RECEIVERS[i], work.resolve("token")));
            ProcessBuilder pb = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + work.resolve("alertmanager-" + i + ".yml"),
                    "--storage.path=" + work.resolve("am-data-" + i), "--web.listen-address=127.0.0.1:" + AM_WEB[i],
                    "--cluster.listen-address=127.0.0.1:" + AM_CLUSTER[i], "--cluster.peer=127.0.0.1:" + AM_CLUSTER[1 - i])
                    .redirectErrorStream(true).redirectOutput(work.resolve("alertmanager-" + i + ".log").toFile());
            processes.add(pb.start());
        }
        await("the Alertmanager cluster", () -> clusterReady());
        Instant start = Instant.now();
        // Prometheus in HA sends every alert to every Alertmanager; the cluster notifies once
        StringBuilder alerts = new StringBuilder("[");
        for (int n = 0; n < VIA_ALERTMANAGER; n++) {
            alerts.append(n == 0 ? "" : ",").append("{\"labels\":{\"alertname\":\"HaViaAlertmanager\",\"job\":\"ha\",\"n\":\"a")
                    .append(n).append("\"},\"annotations\":{},\"startsAt\":\"").append(start).append("\"}");
        }
        alerts.append(']');
        for (int port : AM_WEB) {
            post("http://127.0.0.1:" + port + "/api/v2/alerts", alerts.toString(), false);
        }
        // the same webhook to both replicas at once, for each direct alert
        List<CompletableFuture<Integer>> both = new ArrayList<>();
        for (int n = 0; n < DIRECT; n++) {
            String body = "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"selfheal\",\"groupKey\":\"ha\",\"alerts\":[{"
                    + "\"status\":\"firing\",\"labels\":{\"alertname\":\"HaDirect\",\"job\":\"ha\",\"n\":\"d" + n + "\"},"
                    + "\"annotations\":{},\"startsAt\":\"" + start + "\",\"endsAt\":\"0001-01-01T00:00:00Z\"}]}";
            for (int port : RECEIVERS) {
                both.add(CompletableFuture.supplyAsync(() -> post("http://127.0.0.1:" + port + "/api/v1/alerts", body, true)));
            }
        }
        for (CompletableFuture<Integer> f : both) {
            if (f.get() != 200) {
                throw new IllegalStateException("a replica answered " + f.get() + " to a direct webhook");
            }
        }
        int expected = VIA_ALERTMANAGER + DIRECT;
        await("every episode's action and trigger", () -> world.actions.size() >= expected
                && world.events.keySet().stream().filter(k -> k.endsWith("|decision:ha")).count() >= expected);
        // a second action or trigger could only come from work still due or its event still queued: wait until
        // both replicas show none (the store is shared, so either answers for both)
        await("the pipeline and the outbox to drain", () -> metric(RECEIVERS[0], "selfheal_pipeline_work_due") == 0
                && metric(RECEIVERS[1], "selfheal_pagerduty_events_queued") == 0);
        JsonNode list = get("http://127.0.0.1:" + RECEIVERS[0] + "/api/v1/episodes?limit=1000");
        long episodes = 0;
        for (JsonNode e : list.path("episodes")) {
            if (e.path("alertname").asText().startsWith("Ha")) {
                episodes++;
            }
        }
        long triggers = world.events.entrySet().stream().filter(e -> e.getKey().endsWith("|decision:ha"))
                .mapToLong(e -> e.getValue().get()).sum();
        System.out.printf("episodes %d (expected %d); actions %d by key, %d calls; triggers %d%n", episodes, expected,
                world.actions.size(), world.actions.values().stream().mapToInt(a -> a.get()).sum(), triggers);
        System.out.printf("alerts received by replica 0: %.0f, by replica 1: %.0f (the same alerts reached both)%n",
                received(RECEIVERS[0]), received(RECEIVERS[1]));
        return HaTally.of(episodes, expected, world.actions, world.events);
    }

    private double received(int port) {
        return metric(port, "selfheal_alerts_received_total");
    }

    /** The sum of a metric's series on a receiver's /q/metrics; NaN when it cannot be read. */
    private double metric(int port, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return JavaProcess.metricSum(body, name);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private boolean clusterReady() {
        for (int port : AM_WEB) {
            JsonNode status = get("http://127.0.0.1:" + port + "/api/v2/status");
            if (status == null || status.path("cluster").path("peers").size() < 2) {
                return false;
            }
        }
        return true;
    }

    private void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(120));
        while (!done.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a process exited; logs in " + work);
                }
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(what + " did not happen within 120 s; logs in " + work);
            }
            Thread.sleep(300);
        }
    }

    private int post(String url, String body, boolean auth) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (auth) {
                b.header("Authorization", "Bearer " + TOKEN);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode get(String url) {
        return CountingWorld.get(http, url, TOKEN);
    }
}
