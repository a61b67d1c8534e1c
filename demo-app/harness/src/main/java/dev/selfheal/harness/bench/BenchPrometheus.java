package dev.selfheal.harness.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for Prometheus' query_range for {@code ./selfheal bench scorer}: one series,
 * {@code bench_metric{bench="http"}}, whose value at time t is a fixed function of t (the same
 * seasonal wave as the scorer's {@code bench/InProcessBench}), so the scorer is measured on its served path (query
 * form, replayed state, trained model) without a Prometheus to fill first. Served by Vert.x (as
 * fast as Prometheus' own Go server on loopback; the JDK's HttpServer took 3 to 5 ms per answer,
 * which the benchmark would have charged to the scorer). Writes WORK/window.json, the request the
 * load generator sends. Usage: {@code BenchPrometheus PORT WORK}.
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
        // Compiled before it serves, as Prometheus' Go code is: the scorer's fetch of one new point
        // per step would otherwise wait on this stand-in's interpreter.
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += body(0, 15.0 * (i % 240), 15).length();
        }
        if (sink == 0) {
            throw new IllegalStateException("no warm-up");
        }
        Vertx.vertx().createHttpServer().requestHandler(BenchPrometheus::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    private static void handle(HttpServerRequest request) {
        if (!"/api/v1/query_range".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        double start = Double.parseDouble(param(request, "start", "0"));
        double end = Double.parseDouble(param(request, "end", "0"));
        double step = Double.parseDouble(param(request, "step", "15"));
        request.response().putHeader("Content-Type", "application/json").end(body(start, end, step));
    }

    private static String body(double start, double end, double step) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"__name__\":\"bench_metric\",\"bench\":\"http\"},\"values\":[");
        int i = 0;
        for (double t = start; t <= end + 1e-9; t += step) {
            b.append(i++ == 0 ? "[" : ",[").append(Math.round(t * 1000) / 1000.0).append(",\"")
                    .append(value((long) t)).append("\"]");
        }
        return b.append("]}]}}").toString();
    }

    private static String param(HttpServerRequest request, String name, String otherwise) {
        String v = request.getParam(name);
        return v == null ? otherwise : v;
    }
}
