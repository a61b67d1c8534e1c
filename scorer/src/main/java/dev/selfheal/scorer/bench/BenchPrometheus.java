package dev.selfheal.scorer.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in for Prometheus' query_range for {@code ./selfheal bench scorer}: one series,
 * {@code bench_metric{bench="http"}}, whose value at time t is a fixed function of t (the same
 * seasonal wave as {@link InProcessBench}), so the scorer is measured on its served path (query
 * form, replayed state, trained model) without a Prometheus to fill first. Writes WORK/window.json,
 * the request the load generator sends. Usage: {@code BenchPrometheus PORT WORK}.
 */
public final class BenchPrometheus {

    private BenchPrometheus() {
    }

    static double value(long epochSeconds) {
        long t = epochSeconds / 15;
        return 100 + 20 * Math.sin(2 * Math.PI * t / 240) + 5 * Math.sin(2 * Math.PI * t / 37)
                + 2 * Math.sin(t * 12.9898) * Math.cos(t * 78.233);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        Files.writeString(work.resolve("window.json"), "{\"query\":\"bench_metric\",\"window\":\"1h\",\"step\":\"15s\"}");
        Files.writeString(work.resolve("warm.json"), "{\"query\":\"bench_metric\",\"step\":\"15s\"}");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/query_range", BenchPrometheus::queryRange);
        server.start();
    }

    private static void queryRange(HttpExchange ex) throws IOException {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        double start = Double.parseDouble(q.getOrDefault("start", "0"));
        double end = Double.parseDouble(q.getOrDefault("end", "0"));
        double step = Double.parseDouble(q.getOrDefault("step", "15"));
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"__name__\":\"bench_metric\",\"bench\":\"http\"},\"values\":[");
        int i = 0;
        for (double t = start; t <= end + 1e-9; t += step) {
            b.append(i++ == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.3f,\"%.6f\"]", t, value((long) t)));
        }
        byte[] body = b.append("]}]}}").toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
