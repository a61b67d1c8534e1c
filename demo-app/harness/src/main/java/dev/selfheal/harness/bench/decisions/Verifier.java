package dev.selfheal.harness.bench.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.harness.bench.decisions.Judge.Heal;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scorer's verify answer after a fault's end, as the receiver's {@code check: scorer} asks
 * it: {@code POST /api/v1/score} with the rendered confirm query, {@code end} = t, window 30m,
 * the playbook's step, at t = the fault's last scrape and then each step after it. The answer
 * reads back in band when {@code results[0].now.outside} is false (before the scorer had that
 * field: when {@code results[0].anomalous} is false). A heal is seen when the answer still read
 * outside at the fault's last scrape and reads back within {@code settle} + 2 steps of the
 * confirm values being back; asked on for a while after, to say how late a late heal is.
 */
final class Verifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI score;
    private final String token;
    private long asks;

    Verifier(URI scorer, String token) {
        this.score = scorer.resolve("/api/v1/score");
        this.token = token;
    }

    long asks() {
        return asks;
    }

    Heal check(Fault f, Cadence c) throws IOException, InterruptedException {
        String query = c.confirmQuery(f.job());
        long bound = f.back() + c.settle + 2L * c.step;
        long lookOn = f.back() + (c == Cadence.FAST ? 180 : 600);
        Boolean atEnd = backInBand(query, f.end(), c);
        if (atEnd == null) {
            return new Heal(f, false, -1, "the scorer did not answer at the fault's last scrape");
        }
        if (atEnd) {
            return new Heal(f, false, -1, "the verify answer read back in band at the fault's last scrape "
                    + Instant.ofEpochSecond(f.end()) + ", while it was still broken");
        }
        for (long t = f.end() + c.step; t <= lookOn; t += c.step) {
            Boolean back = backInBand(query, t, c);
            if (Boolean.TRUE.equals(back)) {
                boolean seen = t <= bound;
                return new Heal(f, seen, t - f.end(), seen ? "" : "read back in band only " + (t - f.end())
                        + " s after the end, " + (t - f.back()) + " s after the values were back (allowed "
                        + (bound - f.back()) + " s)");
            }
        }
        return new Heal(f, false, -1, "still outside its band " + (lookOn - f.end()) + " s after the end");
    }

    /** True when the answer as of {@code t} reads back in band, false when outside, null when there is no answer. */
    Boolean backInBand(String query, long t, Cadence c) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("end", Instant.ofEpochSecond(t).toString());
        body.put("window", "30m");
        body.put("step", c.step + "s");
        HttpRequest request = HttpRequest.newBuilder(score).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        asks++;
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return null;
        }
        return read(JSON.readTree(r.body()));
    }

    /** The verify reading of a score answer: back in band, or null when it has no result. */
    static Boolean read(JsonNode answer) {
        JsonNode result = answer.path("results").path(0);
        if (result.isMissingNode()) {
            return null;
        }
        JsonNode outside = result.path("now").path("outside");
        if (outside.isBoolean()) {
            return !outside.asBoolean();
        }
        return !result.path("anomalous").asBoolean(true);
    }
}
