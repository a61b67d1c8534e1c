package dev.selfheal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * demo-app: a small service that sends steady traffic to itself and exposes Prometheus metrics,
 * with fault injection ({@code POST /admin/faults}) and a remediation surface
 * ({@code POST /admin/restart}, which clears the faults after a short delay, as a process restart
 * would, once per Idempotency-Key); {@code GET /admin/truth} is its own view of its health (requests and
 * errors of each of the last ten seconds), the demo's ground truth for recovery.
 *
 * <p>Environment: DEMO_APP_HOST (127.0.0.1), DEMO_APP_PORT (8082), DEMO_APP_RPS (25),
 * DEMO_APP_RESTART_DELAY_MS (2000), DEMO_APP_NOISY_BASELINE (true).
 */
public final class DemoApp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final Metrics metrics = new Metrics();
    private final RecentErrors recent = new RecentErrors(Clock.systemUTC());
    private final Faults faults;
    private final long restartDelayMs;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final Set<String> restartKeys = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));
    private HttpServer server;

    public DemoApp(Faults faults, long restartDelayMs) {
        this.faults = faults;
        this.restartDelayMs = restartDelayMs;
    }

    public static void main(String[] args) throws IOException {
        String host = env("DEMO_APP_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("DEMO_APP_PORT", "8082"));
        int rps = Integer.parseInt(env("DEMO_APP_RPS", "25"));
        boolean noisy = Boolean.parseBoolean(env("DEMO_APP_NOISY_BASELINE", "true"));
        DemoApp app = new DemoApp(new Faults(Clock.systemUTC(), System.nanoTime(), noisy),
                Long.parseLong(env("DEMO_APP_RESTART_DELAY_MS", "2000")));
        int bound = app.start(host, port);
        new SelfTraffic("http://127.0.0.1:" + bound + "/api/work", rps).start();
        System.out.printf("demo-app on http://%s:%d (%d req/s to itself)%n", host, bound, rps);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Starts serving; the bound port. */
    public int start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/api/work", this::work);
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4",
                metrics.exposition(faults.state())));
        server.createContext("/admin/faults", this::faults);
        server.createContext("/admin/restart", this::restart);
        server.createContext("/admin/truth", ex -> json(ex, 200, truth()));
        server.createContext("/healthz", ex -> json(ex, 200, Map.of("status", "UP")));
        server.start();
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        timers.shutdownNow();
    }

    public Metrics metrics() {
        return metrics;
    }

    private void work(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        metrics.started();
        Faults.Behaviour b = faults.next();
        try {
            Thread.sleep(b.latencyMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            json(ex, b.error() ? 500 : 200, Map.of("ok", !b.error()));
        } finally {
            metrics.finished((System.nanoTime() - start) / 1e9, b.error());
            recent.finished(b.error());
        }
    }

    /** The service's own view for the demo's MTTR: the last complete seconds' requests and errors. */
    private Map<String, Object> truth() {
        java.util.List<Map<String, Object>> seconds = new java.util.ArrayList<>();
        for (RecentErrors.Second s : recent.lastSeconds(10)) {
            seconds.add(Map.of("at", s.at(), "requests", s.requests(), "errors", s.errors(), "normal", s.normal()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("normalMax", RecentErrors.NORMAL_MAX);
        out.put("seconds", seconds);
        out.put("faults", faults.state().describe());
        return out;
    }

    private void faults(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("GET")) {
            json(ex, 200, faults.state().describe());
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            json(ex, 405, Map.of("error", "use GET or POST"));
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                json(ex, 413, Map.of("error", "the body is larger than 64 KiB"));
                return;
            }
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            json(ex, 400, Map.of("error", "the body is not JSON"));
            return;
        }
        if (body == null || !body.isObject()) {
            json(ex, 400, Map.of("error", "the body must be a JSON object like {\"type\":\"errors\",\"rate\":0.6}"));
            return;
        }
        String type = body.path("type").asText("");
        double rate = body.path("rate").asDouble(type.equals("blip") ? 1.0 : 0.6);
        long latencyMs = body.path("latencyMs").asLong(800);
        Duration duration = body.has("durationS") ? Duration.ofMillis((long) (body.path("durationS").asDouble() * 1000))
                : type.equals("blip") ? Duration.ofSeconds(6) : null;
        if (rate < 0 || rate > 1 || latencyMs < 0 || latencyMs > 60_000
                || (duration != null && (duration.isNegative() || duration.compareTo(Duration.ofHours(24)) > 0))) {
            json(ex, 400, Map.of("error", "rate must be 0..1, latencyMs 0..60000, durationS 0..86400"));
            return;
        }
        try {
            faults.inject(type, rate, latencyMs, duration);
        } catch (IllegalArgumentException e) {
            json(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        json(ex, 201, faults.state().describe());
    }

    private void restart(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            json(ex, 405, Map.of("error", "use POST"));
            return;
        }
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null && !restartKeys.add(key)) {
            json(ex, 200, Map.of("restarting", false, "duplicate", true));
            return;
        }
        metrics.restarted();
        timers.schedule(faults::clear, restartDelayMs, TimeUnit.MILLISECONDS);
        json(ex, 202, Map.of("restarting", true, "clearsFaultsInMs", restartDelayMs));
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
