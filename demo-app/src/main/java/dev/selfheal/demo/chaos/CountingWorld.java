package dev.selfheal.demo.chaos;

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
 * answers 202 and counts events per (episode, event cause).
 */
final class CountingWorld {

    private static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
    private HttpServer server;

    int start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "counting-world");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/score", ex -> answer(ex, 200,
                "{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5}}"));
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
            answer(ex, 202, "{\"status\":\"success\",\"message\":\"Event processed\"}");
        });
        server.start();
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
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
