package dev.selfheal.harness.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code cold_load_p99_ms}: up to {@value #SAMPLE} series that {@code GET /api/v1/models} lists as
 * not resident (or, when it does not say, any: right after a restart none has been asked), asked
 * one at a time with nothing else running; the 0.99 quantile of the scorer's own timer of a series
 * brought back from its saved state, or, when the scorer publishes none, the client's p99 of the
 * whole request (an upper bound, said so).
 */
final class ColdLoads {

    static final int SAMPLE = 200;

    private ColdLoads() {
    }

    static double measure(ScaleScorer scorer, List<ScaleLayout.Series> measured, String end,
                          Function<ScaleLayout.Series, Integer> expected, List<String> problems) throws InterruptedException {
        JsonNode models = scorer.models().body();
        Map<String, Boolean> residentByQuery = new HashMap<>();
        if (models != null) {
            for (JsonNode m : models.path("models")) {
                residentByQuery.put(m.path("query").asText(), ScaleMetrics.resident(m));
            }
        }
        boolean said = residentByQuery.values().stream().anyMatch(r -> r != null);
        List<ScaleLayout.Series> stored = new ArrayList<>(measured.stream()
                .filter(s -> !Boolean.TRUE.equals(residentByQuery.get(s.query()))).toList());
        Collections.shuffle(stored, new Random(6));
        List<ScaleLayout.Series> sample = stored.subList(0, Math.min(SAMPLE, stored.size()));
        System.out.printf(Locale.ROOT, "  cold loads: %d series %s, asked one at a time%n", sample.size(),
                said ? "GET /api/v1/models lists as not resident" : "not asked since the restart (GET /api/v1/models does not "
                        + "say which are resident)");
        List<Long> nanos = new ArrayList<>();
        int fromSaved = 0;
        for (ScaleLayout.Series s : sample) {
            ScaleScorer.Answer a = scorer.score(s, end);
            nanos.add(a.nanos());
            if (a.ok() && ScaleMetrics.fromSavedModel(a.body(), expected.apply(s))) {
                fromSaved++;
            }
        }
        String metrics = scorer.metrics();
        double p99 = ScaleMetrics.quantile(metrics, ScaleMetrics.LOAD, "0.99") * 1000;
        double p50 = ScaleMetrics.quantile(metrics, ScaleMetrics.LOAD, "0.5") * 1000;
        double client = EverySeries.percentileMs(nanos, 0.99);
        System.out.printf(Locale.ROOT, "  %d of %d answered from their saved model; client side (the whole request) p50 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms; %s p50 %s ms, p99 %s ms%n", fromSaved, sample.size(),
                EverySeries.percentileMs(nanos, 0.5), client, EverySeries.percentileMs(nanos, 1.0), ScaleMetrics.LOAD,
                ScaleBench.number(p50), ScaleBench.number(p99));
        if (fromSaved < sample.size()) {
            problems.add("cold loads: " + (sample.size() - fromSaved) + " of " + sample.size() + " not answered from their saved model");
        }
        if (Double.isNaN(p99)) {
            System.out.println("  the scorer publishes no " + ScaleMetrics.LOAD + "{quantile=\"0.99\"}: cold_load_p99_ms is the "
                    + "client side's (an upper bound: the request's HTTP and scoring included)");
            return client;
        }
        return p99;
    }
}
