package dev.selfheal.harness.bench.scale;

import dev.selfheal.harness.bench.HttpLoad;
import dev.selfheal.harness.bench.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * {@code score_p99_ms}: {@value #RATE} score requests/s for {@value #SECONDS} s over every series
 * (in a shuffled order, each series asked in turn), from {@link HttpLoad} in its own process on
 * {@value #CONNECTIONS} keep-alive connections after one unmeasured request per series; when its
 * measured part starts, the fresh series are asked to be trained, so the load runs beside their
 * training.
 */
final class ScoreLoad {

    static final int RATE = 200;
    static final int SECONDS = 30;
    static final int CONNECTIONS = 8;

    /** @param summary the generator's summary line; @param trainsAsked the fresh series whose training was accepted */
    record Outcome(String summary, int trainsAsked, long trainsAskedAtNanos) {
    }

    private ScoreLoad() {
    }

    /** Every series' score request, one per line, in an order shuffled with a fixed seed. */
    static List<String> bodies(List<ScaleLayout.Series> series, String end) {
        List<String> bodies = new ArrayList<>(series.stream().map(s -> ScaleScorer.scoreBody(s, end)).toList());
        Collections.shuffle(bodies, new Random(31));
        return bodies;
    }

    static Outcome run(ScaleScorer scorer, int port, String token, Path work, List<ScaleLayout.Series> series,
                       List<ScaleLayout.Series> fresh, String end) throws Exception {
        Path file = Files.write(work.resolve("load.jsonl"), bodies(series, end));
        List<String> command = JavaProcess.harnessMain(HttpLoad.class, "http://127.0.0.1:" + port + "/api/v1/score",
                file.toString(), String.valueOf(RATE), String.valueOf(RATE * SECONDS), String.valueOf(CONNECTIONS),
                String.valueOf(series.size()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("SELFHEAL_SCORER_TOKEN", token));
        Process p = pb.start();
        String last = "";
        CompletableFuture<Integer> trains = null;
        long askedAt = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                System.out.println("  " + l);
                last = l;
                if (l.startsWith("measuring") && trains == null) {
                    askedAt = System.nanoTime();
                    trains = CompletableFuture.supplyAsync(() -> askToTrain(scorer, fresh));
                }
            }
        } finally {
            p.waitFor();
        }
        return new Outcome(last, trains == null ? 0 : trains.join(), askedAt);
    }

    private static int askToTrain(ScaleScorer scorer, List<ScaleLayout.Series> fresh) {
        int accepted = 0;
        for (ScaleLayout.Series s : fresh) {
            try {
                ScaleScorer.Answer a = scorer.train(s);
                if (a.ok()) {
                    accepted++;
                } else {
                    System.out.println("  train " + s.query() + ": " + a.status() + " " + a.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return accepted;
    }

    /** How long the fresh series took to be READY after they were asked, waiting up to 3 minutes. */
    static String awaitFresh(ScaleScorer scorer, List<ScaleLayout.Series> fresh, long askedAt) throws InterruptedException {
        java.util.Set<String> queries = fresh.stream().map(ScaleLayout.Series::query).collect(java.util.stream.Collectors.toSet());
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            com.fasterxml.jackson.databind.JsonNode models = scorer.models().body();
            ready = 0;
            if (models != null) {
                for (com.fasterxml.jackson.databind.JsonNode m : models.path("models")) {
                    if (queries.contains(m.path("query").asText()) && "READY".equals(m.path("status").asText())) {
                        ready++;
                    }
                }
            }
            if (ready == queries.size()) {
                return String.format(java.util.Locale.ROOT, "all READY %.1f s after they were asked (the load lasted %d s)",
                        (System.nanoTime() - askedAt) / 1e9, SECONDS);
            }
            Thread.sleep(1000);
        }
        return ready + " of " + queries.size() + " READY 3 minutes after the load";
    }
}
