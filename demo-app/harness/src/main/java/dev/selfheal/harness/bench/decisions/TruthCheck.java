package dev.selfheal.harness.bench.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The truth read back from Prometheus before anything is judged by it: each burst's confirm
 * query is over {@link #PEAK_OVER} at one of its last three steps and back under the rule's threshold
 * at the time the truth says it is back. A history the generator got wrong
 * would otherwise blame the scorer.
 */
final class TruthCheck {

    /** Every burst's ratio is drawn over 0.3 (a fault's scrapes at least 0.28). */
    static final double PEAK_OVER = 0.22;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI prometheus;

    TruthCheck(URI prometheus) {
        this.prometheus = prometheus;
    }

    List<String> problems(List<History> histories) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (History h : histories) {
            Cadence c = h.cadence();
            String q = c.confirmQuery(h.job());
            for (Fault f : h.faults()) {
                check(out, f.describe(), q, f.end(), f.back(), c);
            }
            for (Blip b : h.blips()) {
                check(out, b.describe(), q, b.end(), b.back(), c);
            }
        }
        return out;
    }

    private void check(List<String> out, String what, String q, long end, long back, Cadence c)
            throws IOException, InterruptedException {
        double peak = Math.max(value(q, end), Math.max(value(q, end - c.step), value(q, end - 2L * c.step)));
        double after = value(q, back);
        if (!(peak > PEAK_OVER) || !(after < c.ruleThreshold)) {
            out.add(String.format(Locale.ROOT, "TRUTH WRONG %s: the confirm query reads at most %.3f over its last "
                    + "three steps (over %.2f expected) and %.3f when it should be back (under %.2f expected)", what, peak, PEAK_OVER, after,
                    c.ruleThreshold));
        }
    }

    private double value(String query, long t) throws IOException, InterruptedException {
        URI uri = prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + t);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = JSON.readTree(r.body()).path("data").path("result").path(0).path("value").path(1);
        return result.isMissingNode() ? Double.NaN : Double.parseDouble(result.asText());
    }
}
