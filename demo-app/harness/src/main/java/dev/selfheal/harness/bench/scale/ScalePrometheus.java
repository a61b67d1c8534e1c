package dev.selfheal.harness.bench.scale;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * The stand-in Prometheus of {@code bench scorer-scale}: the series of a {@link ScaleLayout}, each
 * with its {@link ScaleValues} over the {@value ScaleValues#POINTS} steps of 15 s ending at a fixed
 * time (point j at step {@code end/15 − 999 + j}; nothing before or after). Answers
 * {@code query_range} and instant {@code query}, by GET or a POSTed form, for the selectors
 * {@link ScaleLayout#select} knows (others get an empty result), at whatever grid the caller
 * asks: a time's value is that of the 15 s step it falls in. Vert.x, compiled before it serves
 * (as {@code bench/BenchPrometheus}). Usage: {@code ScalePrometheus PORT END_EPOCH_SECONDS SERIES}.
 */
public final class ScalePrometheus {

    private final ScaleLayout layout;
    private final long lastStep;

    ScalePrometheus(ScaleLayout layout, long endEpochSeconds) {
        this.layout = layout;
        this.lastStep = Math.floorDiv(endEpochSeconds, ScaleValues.STEP_SECONDS);
    }

    public static void main(String[] args) {
        ScalePrometheus prometheus = new ScalePrometheus(new ScaleLayout(Integer.parseInt(args[2])), Long.parseLong(args[1]));
        long sink = 0;
        for (int i = 0; i < 3_000; i++) {
            sink += prometheus.range("bench_metric_0{instance=\"i-" + i % 25 + "\"}", prometheus.lastStep * 15.0 - 1800,
                    prometheus.lastStep * 15.0, 15).length();
        }
        if (sink == 0) {
            throw new IllegalStateException("no warm-up");
        }
        Vertx.vertx().createHttpServer().requestHandler(prometheus::handle).listen(Integer.parseInt(args[0]), "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.equals("/api/v1/query_range") && !path.equals("/api/v1/query")) {
            request.response().setStatusCode(404).end();
            return;
        }
        if (request.method() == HttpMethod.POST) {
            request.setExpectMultipart(true);
            request.end().onSuccess(v -> answer(request, path));
        } else {
            answer(request, path);
        }
    }

    private void answer(HttpServerRequest request, String path) {
        String query = param(request, "query", "");
        String body;
        try {
            if (path.endsWith("_range")) {
                body = range(query, Double.parseDouble(param(request, "start", "0")),
                        Double.parseDouble(param(request, "end", "0")), Double.parseDouble(param(request, "step", "15")));
            } else {
                String time = param(request, "time", null);
                body = instant(query, time == null ? System.currentTimeMillis() / 1000.0 : Double.parseDouble(time));
            }
        } catch (NumberFormatException e) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + e.getMessage() + "\"}");
            return;
        }
        request.response().putHeader("Content-Type", "application/json").end(body);
    }

    /** The value at a time, or NaN outside the series' points. */
    double at(ScaleLayout.Series s, double epochSeconds) {
        long j = Math.floorDiv((long) Math.floor(epochSeconds), ScaleValues.STEP_SECONDS) - (lastStep - ScaleValues.POINTS + 1);
        return j < 0 || j >= ScaleValues.POINTS ? Double.NaN : ScaleValues.value(s.seed(), (int) j);
    }

    String range(String query, double start, double end, double step) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        boolean firstSeries = true;
        for (ScaleLayout.Series s : layout.select(query)) {
            StringBuilder values = new StringBuilder();
            for (double t = start; t <= end + 1e-9; t += step) {
                double v = at(s, t);
                if (!Double.isNaN(v)) {
                    values.append(values.length() == 0 ? "[" : ",[").append(time(t)).append(",\"")
                            .append(v).append("\"]");
                }
            }
            if (values.length() > 0) {
                b.append(firstSeries ? "" : ",").append("{\"metric\":").append(metric(s.labels())).append(",\"values\":[")
                        .append(values).append("]}");
                firstSeries = false;
            }
        }
        return b.append("]}}").toString();
    }

    String instant(String query, double time) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        boolean firstSeries = true;
        for (ScaleLayout.Series s : layout.select(query)) {
            double v = at(s, time);
            if (!Double.isNaN(v)) {
                b.append(firstSeries ? "" : ",").append("{\"metric\":").append(metric(s.labels())).append(",\"value\":[")
                        .append(time(time)).append(",\"").append(v).append("\"]}");
                firstSeries = false;
            }
        }
        return b.append("]}}").toString();
    }

    /** A time as Prometheus writes it: seconds, with milliseconds when there are any (never an exponent). */
    static String time(double epochSeconds) {
        long ms = Math.round(epochSeconds * 1000);
        long rest = Math.floorMod(ms, 1000);
        return rest == 0 ? String.valueOf(Math.floorDiv(ms, 1000)) : Math.floorDiv(ms, 1000) + "." + String.format("%03d", rest);
    }

    private static String metric(Map<String, String> labels) {
        StringBuilder b = new StringBuilder("{");
        labels.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        return b.append('}').toString();
    }

    private static String param(HttpServerRequest request, String name, String otherwise) {
        String v = request.getParam(name);
        if (v == null && request.method() == HttpMethod.POST) {
            v = request.getFormAttribute(name);
        }
        return v == null ? otherwise : v;
    }

    static List<String> command(int port, long endEpochSeconds, int series) {
        return dev.selfheal.harness.bench.JavaProcess.harnessMain(ScalePrometheus.class, String.valueOf(port),
                String.valueOf(endEpochSeconds), String.valueOf(series));
    }
}
