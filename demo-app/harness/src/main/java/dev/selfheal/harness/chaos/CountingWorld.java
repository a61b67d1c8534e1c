package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the receiver talks to during a chaos run, counting everything: a scorer that always
 * confirms, an HTTP action target that counts calls per Idempotency-Key, and a PagerDuty that
 * answers 202 and counts events per (episode, event cause), with the two reads of its REST API
 * (incidents by key, change events) answered from what it received.
 */
final class CountingWorld {

    private static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
    /** What PagerDuty's REST API would show: each incident's status by incident key, and every change event. */
    private final Map<String, String> incidents = new ConcurrentHashMap<>();
    private final java.util.List<JsonNode> changeEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final String REST_TOKEN = "chaos-rest-api-token-0123456789";
    private HttpServer server;

    int start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "counting-world");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/score", ex -> answer(ex, 200,
                "{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5},\"results\":[{\"anomalous\":true,\"score\":0.97,\"model\":{\"id\":\"m-7\",\"version\":1,\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"the value is outside the LSTM forecast band\"}}]}"));
        server.createContext("/restart", ex -> {
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            actions.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
            answer(ex, 200, "{}");
        });
        server.createContext("/v2/", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            JsonNode details = body.path("payload").path("custom_details");
            events.computeIfAbsent(details.path("episode").asText() + "|" + details.path("event").asText(),
                    k -> new AtomicInteger()).incrementAndGet();
            String key = body.path("dedup_key").asText();
            switch (body.path("event_action").asText("change")) {
                case "trigger" -> incidents.merge(key, "triggered", (old, now) -> old.equals("resolved") ? now : old);
                case "acknowledge" -> incidents.computeIfPresent(key, (k, old) -> old.equals("resolved") ? old : "acknowledged");
                case "resolve" -> incidents.computeIfPresent(key, (k, old) -> "resolved");
                default -> changeEvents.add(details);
            }
            answer(ex, 202, "{\"status\":\"success\",\"message\":\"Event processed\"}");
        });
        // PagerDuty's REST API, the two reads the receiver makes for an event in doubt
        server.createContext("/incidents", ex -> {
            if (!restAuthorized(ex)) {
                return;
            }
            String key = query(ex, "incident_key");
            String status = key == null ? null : incidents.get(key);
            answer(ex, 200, "{\"incidents\":[" + (status == null ? "" : "{\"id\":\"P" + Integer.toHexString(key.hashCode())
                    + "\",\"type\":\"incident\",\"incident_key\":" + JSON.writeValueAsString(key)
                    + ",\"status\":\"" + status + "\"}") + "],\"limit\":25,\"offset\":0,\"more\":false}");
        });
        server.createContext("/change_events", ex -> {
            if (!restAuthorized(ex)) {
                return;
            }
            int offset = Integer.parseInt(java.util.Objects.requireNonNullElse(query(ex, "offset"), "0"));
            int limit = Integer.parseInt(java.util.Objects.requireNonNullElse(query(ex, "limit"), "25"));
            java.util.List<JsonNode> all = java.util.List.copyOf(changeEvents);
            StringBuilder page = new StringBuilder("{\"change_events\":[");
            for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
                page.append(i == offset ? "" : ",").append("{\"id\":\"C").append(i)
                        .append("\",\"type\":\"change_event\",\"custom_details\":").append(JSON.writeValueAsString(all.get(i)))
                        .append('}');
            }
            page.append("],\"limit\":").append(limit).append(",\"offset\":").append(offset).append(",\"more\":")
                    .append(offset + limit < all.size()).append('}');
            answer(ex, 200, page.toString());
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static boolean restAuthorized(HttpExchange ex) throws IOException {
        if (("Token token=" + REST_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        answer(ex, 401, "{\"error\":{\"message\":\"Authentication failed\",\"code\":2006}}");
        return false;
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    void stop() {
        server.stop(0);
    }

    /** A playbook that remediates every alert matching {@code match} with an HTTP action to this world. */
    static String playbooks(int port, String name, String match) {
        return """
                http:
                  allow: [http://127.0.0.1:%d/]
                playbooks:
                  - name: %s
                    match: '%s'
                    confirm: {query: 'up{job="{{ .job }}"}'}
                    target: {kind: http, url: http://127.0.0.1:%d/restart}
                    actions: [{type: http, timeout: 2s}]
                    mode: auto
                    cooldown: 0s
                    maxPerHour: 1000
                    verify: {settle: 0s, check: resolved, timeout: 1h}
                """.formatted(port, name, match, port);
    }

    /** The receiver settings that point it at this world (scorer, PagerDuty) with fast polling and no limits in the way. */
    static Map<String, String> receiverEnv(int port, java.nio.file.Path playbooks, String token) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SELFHEAL_WEBHOOK_TOKEN", token);
        env.put("SELFHEAL_PLAYBOOKS", playbooks.toString());
        env.put("SELFHEAL_SCORER_URL", "http://127.0.0.1:" + port);
        env.put("SELFHEAL_PAGERDUTY_URL", "http://127.0.0.1:" + port);
        env.put("SELFHEAL_PAGERDUTY_ROUTING_KEY", "chaoschaoschaoschaoschaoschaos42");
        env.put("SELFHEAL_PAGERDUTY_REST_URL", "http://127.0.0.1:" + port);
        env.put("SELFHEAL_PAGERDUTY_REST_API_TOKEN", REST_TOKEN);
        env.put("SELFHEAL_PIPELINE_POLL_EVERY", "0.2s");
        env.put("SELFHEAL_PAGERDUTY_POLL_EVERY", "0.2s");
        env.put("SELFHEAL_SAFETY_MAX_TARGETS", "1000");
        env.put("SELFHEAL_SAFETY_MAX_ACTIONS_PER_HOUR", "100000");
        return env;
    }

    /** GET with the receiver's token; null when it does not answer 200. */
    static JsonNode get(java.net.http.HttpClient http, String url, String token) {
        try {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(java.time.Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static long duplicates(Map<String, AtomicInteger> counts) {
        return counts.values().stream().filter(c -> c.get() > 1).count();
    }

    static java.util.List<String> duplicated(Map<String, AtomicInteger> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue().get() > 1).map(e -> e.getKey() + " ×" + e.getValue().get())
                .sorted().toList();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
