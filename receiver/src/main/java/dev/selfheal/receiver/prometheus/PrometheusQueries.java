package dev.selfheal.receiver.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads history from Prometheus' HTTP API: range queries (in chunks under Prometheus' 11,000
 * points per series) and raw samples (an instant query of a range selector, in chunks). Plain
 * JDK HTTP, for tools that run outside the service (the backtest).
 */
public final class PrometheusQueries {

    /** Prometheus refuses a range query of more points than this per series. */
    public static final int MAX_POINTS = 11_000;
    private static final Duration RAW_CHUNK = Duration.ofHours(6);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Duration timeout;

    public PrometheusQueries(URI base, Duration timeout) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Fails with an {@linkplain PrometheusException#unreachable() unreachable} error unless Prometheus answers. */
    public void checkReachable() {
        get("api/v1/status/buildinfo");
    }

    /** The evaluation interval of each alerting rule Prometheus runs now, by alert name (the longest when two groups share a name). */
    public Map<String, Duration> alertIntervals() {
        Map<String, Duration> intervals = new TreeMap<>();
        for (JsonNode group : get("api/v1/rules?type=alert").path("groups")) {
            Duration interval = Duration.ofMillis(Math.round(group.path("interval").asDouble() * 1000));
            for (JsonNode rule : group.path("rules")) {
                intervals.merge(rule.path("name").asText(), interval, (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        return intervals;
    }

    /** {@code query_range} from {@code start} to {@code end} at {@code step}, the series' points merged over chunks. */
    public List<PrometheusSeries> queryRange(String expr, Instant start, Instant end, Duration step) {
        long stepMs = step.toMillis();
        long chunk = (MAX_POINTS - 1) * stepMs;
        Map<Map<String, String>, Samples> merged = new LinkedHashMap<>();
        for (long from = start.toEpochMilli(); from <= end.toEpochMilli(); from += chunk + stepMs) {
            long to = Math.min(end.toEpochMilli(), from + chunk);
            JsonNode data = get("api/v1/query_range?query=" + encode(expr) + "&start=" + seconds(from) + "&end="
                    + seconds(to) + "&step=" + stepMs / 1000.0);
            collect(data, merged);
        }
        return series(merged);
    }

    /**
     * Every raw sample of {@code selector} (an instant vector selector) with a time in
     * ({@code start}, {@code end}], as stored: no lookback, no interpolation.
     */
    public List<PrometheusSeries> rawSamples(String selector, Instant start, Instant end) {
        Map<Map<String, String>, Samples> merged = new LinkedHashMap<>();
        for (Instant to = end; to.isAfter(start); to = to.minus(RAW_CHUNK)) {
            Instant from = to.minus(RAW_CHUNK).isBefore(start) ? start : to.minus(RAW_CHUNK);
            long rangeMs = Duration.between(from, to).toMillis();
            JsonNode data = get("api/v1/query?query=" + encode(selector + "[" + rangeMs + "ms]") + "&time="
                    + seconds(to.toEpochMilli()));
            collect(data, merged);
        }
        merged.values().forEach(Samples::sort);
        return series(merged);
    }

    private JsonNode get(String path) {
        URI uri = base.resolve(path);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + base + " is unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while asking Prometheus", true, e);
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusException("the answer at " + base + " is not Prometheus' (HTTP " + response.statusCode()
                    + ")", true, e);
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            boolean refused = response.statusCode() == 400 || response.statusCode() == 422;
            throw new PrometheusException("Prometheus " + (refused ? "refused the query" : "answered "
                    + response.statusCode()) + ": " + body.path("error").asText(response.body()), !refused, null);
        }
        return body.path("data");
    }

    private static void collect(JsonNode data, Map<Map<String, String>, Samples> merged) {
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new TreeMap<>();
            s.path("metric").fields().forEachRemaining(f -> {
                if (!f.getKey().equals("__name__")) {
                    labels.put(f.getKey(), f.getValue().asText());
                }
            });
            Samples samples = merged.computeIfAbsent(labels, l -> new Samples());
            for (JsonNode v : s.path("values")) {
                samples.add(Math.round(v.get(0).asDouble() * 1000), parse(v.get(1).asText()));
            }
        }
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static List<PrometheusSeries> series(Map<Map<String, String>, Samples> merged) {
        List<PrometheusSeries> out = new ArrayList<>();
        merged.forEach((labels, s) -> out.add(new PrometheusSeries(Map.copyOf(labels), Arrays.copyOf(s.millis, s.n),
                Arrays.copyOf(s.values, s.n))));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String seconds(long millis) {
        return millis / 1000 + "." + String.format("%03d", millis % 1000);
    }

    /** A series' samples as they arrive over chunks. */
    private static final class Samples {
        long[] millis = new long[64];
        double[] values = new double[64];
        int n;

        void add(long t, double v) {
            if (n == millis.length) {
                millis = Arrays.copyOf(millis, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            millis[n] = t;
            values[n] = v;
            n++;
        }

        /** Oldest first, each time once (chunks are read newest first). */
        void sort() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(millis[a], millis[b]));
            long[] m = new long[n];
            double[] v = new double[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (kept > 0 && m[kept - 1] == millis[order[i]]) {
                    continue; // Prometheus 2 range selectors include both ends: a chunk boundary comes twice
                }
                m[kept] = millis[order[i]];
                v[kept] = values[order[i]];
                kept++;
            }
            millis = m;
            values = v;
            n = kept;
        }
    }
}
