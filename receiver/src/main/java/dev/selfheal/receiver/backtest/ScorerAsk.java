package dev.selfheal.receiver.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.scorer.ScorerAnswers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a scorer {@code POST /api/v1/score} with {@code end} = the decision time: the series'
 * state answers from what its detector said then (the scorer never answers from after
 * {@code end}). While a series is still replaying its history (status PENDING) the ask is repeated
 * until a model or the fallback decides, up to {@code patience}: the backtest wants the verdicts
 * of trained models. Counts its calls and their time.
 */
final class ScorerAsk implements Verdicts {

    private final URI score;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Duration patience;
    private long calls;
    private long nanos;

    private final Optional<String> token;

    /** @param token the scorer's bearer token (SELFHEAL_SCORER_TOKEN), empty for a scorer with auth off */
    ScorerAsk(URI scorer, Optional<String> token, Duration patience) {
        String base = scorer.toString();
        this.score = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/score");
        this.token = token;
        this.patience = patience;
    }

    long calls() {
        return calls;
    }

    Duration spent() {
        return Duration.ofNanos(nanos);
    }

    @Override
    public Verdict asOf(String query, Playbook.Confirm confirm, Instant end) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", query);
        request.put("window", confirm.window().toSeconds() + "s");
        request.put("step", confirm.step().toMillis() % 1000 == 0 ? confirm.step().toSeconds() + "s"
                : confirm.step().toMillis() + "ms");
        request.put("end", end.toString());
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 200;
        while (true) {
            HttpResponse<String> response;
            long started = System.nanoTime();
            try {
                HttpRequest.Builder ask = HttpRequest.newBuilder(score).timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(request)));
                token.ifPresent(t -> ask.header("Authorization", "Bearer " + t));
                response = http.send(ask.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return Verdict.unavailable("the scorer is unreachable: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.unavailable("interrupted");
            } finally {
                calls++;
                nanos += System.nanoTime() - started;
            }
            JsonNode body;
            try {
                body = mapper.readTree(response.body());
            } catch (IOException e) {
                return Verdict.unavailable("the scorer's answer is not JSON (HTTP " + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                return Verdict.unavailable("the scorer answered " + response.statusCode() + " "
                        + body.path("code").asText("") + ": " + body.path("message").asText(""));
            }
            if (ScorerAnswers.pending(body) && System.nanoTime() + pause * 1_000_000 < deadline) {
                sleep(pause);
                pause = Math.min(pause * 2, 5_000);
                continue;
            }
            return ScorerAnswers.verdict(body, confirm.threshold(), confirm.step())
                    .orElse(Verdict.unavailable("the scorer's answer has no verdict"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
