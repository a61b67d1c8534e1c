package dev.selfheal.harness.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Prometheus' {@code query_range} serving a fleet of series for {@code chaos
 * scorers}: {@link #TEMPLATES} metric names, each with {@code perTemplate} series told apart by
 * the label {@code series} ({@code latency-01}…), whose value at time t is a fixed function of t
 * and the series (a wave, a second wave and deterministic noise), from {@code points} steps of
 * 15 s before the stand-in started onward. It answers the two forms the scorer sends: a metric
 * name (every series of it) and a metric with {@code {series="…"}} (that one), with the labels
 * Prometheus would give ({@code __name__} and {@code series}).
 */
final class FleetPrometheus {

    static final List<String> TEMPLATES = List.of("chaos_latency_seconds", "chaos_error_ratio", "chaos_queue_depth");
    static final long STEP_SECONDS = 15;
    private static final Pattern SELECTOR = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{series=\"([^\"]+)\"\\})?$");

    private final int perTemplate;
    /** The first point's time (epoch seconds): no series has a point before it. */
    final long first;
    private HttpServer server;

    FleetPrometheus(int perTemplate, int points, long nowSeconds) {
        this.perTemplate = perTemplate;
        this.first = (nowSeconds / STEP_SECONDS - points) * STEP_SECONDS;
    }

    /** The series' label value, e.g. {@code latency-01}: the template's second word and a number. */
    static String seriesName(String template, int n) {
        return template.split("_")[1] + "-" + String.format("%02d", n);
    }

    /** Every series: metric name → its label values. */
    Map<String, List<String>> series() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String t : TEMPLATES) {
            List<String> names = new ArrayList<>();
            for (int n = 1; n <= perTemplate; n++) {
                names.add(seriesName(t, n));
            }
            out.put(t, names);
        }
        return out;
    }

    /** The value of a series at t: a level and amplitude per template, a phase per series, noise from t. */
    static double value(String template, String series, long t) {
        int k = Math.floorMod(series.hashCode(), 997);
        double step = (double) t / STEP_SECONDS;
        double wave = Math.sin(2 * Math.PI * step / 240 + k) + 0.25 * Math.sin(2 * Math.PI * step / 37 + k);
        double noise = Math.sin(step * 12.9898 + k) * Math.cos(step * 78.233);
        return switch (TEMPLATES.indexOf(template)) {
            case 0 -> 0.2 + 0.05 * wave + 0.01 * noise;
            case 1 -> 0.01 + 0.004 * wave + 0.001 * noise;
            default -> 50 + 10 * wave + 2 * noise;
        };
    }

    void start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fleet-prometheus");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/query_range", this::queryRange);
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void queryRange(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        Matcher m = SELECTOR.matcher(q.getOrDefault("query", "").strip());
        if (!m.matches()) {
            answer(ex, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"the stand-in knows only "
                    + "metric{series=\\\"...\\\"}\"}");
            return;
        }
        double start = Double.parseDouble(q.getOrDefault("start", "0"));
        double end = Double.parseDouble(q.getOrDefault("end", "0"));
        double step = Double.parseDouble(q.getOrDefault("step", "15").replace("s", ""));
        List<String> names = series().getOrDefault(m.group(1), List.of());
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        int written = 0;
        for (String name : names) {
            if (m.group(2) != null && !m.group(2).equals(name)) {
                continue;
            }
            StringBuilder values = new StringBuilder();
            for (double t = start; t <= end + 1e-9; t += step) {
                if (t >= first) {
                    values.append(values.length() == 0 ? "[" : ",[").append(Math.round(t * 1000) / 1000.0).append(",\"")
                            .append(value(m.group(1), name, (long) t)).append("\"]");
                }
            }
            if (values.length() > 0) {
                b.append(written++ == 0 ? "" : ",").append("{\"metric\":{\"__name__\":\"").append(m.group(1))
                        .append("\",\"series\":\"").append(name).append("\"},\"values\":[").append(values).append("]}");
            }
        }
        answer(ex, 200, b.append("]}}").toString());
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
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
