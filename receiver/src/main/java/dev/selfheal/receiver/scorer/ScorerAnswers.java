package dev.selfheal.receiver.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the scorer's answer to {@code POST /api/v1/score} into a {@link Verdict}: the overall
 * verdict, and from the series that decides it, the model, the reason, the deviation and how long
 * the series has been back in its band. Shared by the service's {@link ScorerClient} and the backtest.
 */
public final class ScorerAnswers {

    private ScorerAnswers() {
    }

    /** The verdict in the answer; empty when the answer has none (no score or no anomalous flag). */
    public static Optional<Verdict> verdict(JsonNode body, double threshold, Duration step) {
        double score = body.path("verdict").path("score").asDouble(Double.NaN);
        JsonNode anomalous = body.path("verdict").path("anomalous");
        if (!Double.isFinite(score) || !anomalous.isBoolean()) {
            return Optional.empty();
        }
        JsonNode best = decisive(body);
        boolean fromModel = best != null && "READY".equals(best.path("model").path("status").asText());
        String reason = best == null ? null : best.path("decision").path("reason").asText(null);
        double deviation = best == null ? Double.NaN : best.path("decision").path("ratio").asDouble(Double.NaN);
        Verdict.Now now = best == null ? null : now(best);
        Duration normalFor = now != null ? (now.outside() ? Duration.ZERO : now.lasted())
                : best == null ? null : normalFor(best, step);
        return Optional.of(Verdict.served(anomalous.asBoolean(), score, threshold, model(best), fromModel, reason,
                best == null ? null : best.toString(), deviation, normalFor, now));
    }

    /** The series' "now" (the scorer's reading of its latest points), or null from a scorer that gives none. */
    static Verdict.Now now(JsonNode result) {
        JsonNode n = result.path("now");
        if (!n.path("outside").isBoolean()) {
            return null;
        }
        Duration lasted = Duration.ofMillis(Math.round(n.path("seconds").asDouble(0) * 1000));
        Instant since;
        try {
            since = n.hasNonNull("since") ? Instant.parse(n.path("since").asText()) : null;
        } catch (DateTimeParseException e) {
            since = null;
        }
        return new Verdict.Now(n.path("outside").asBoolean(), lasted, since, n.path("words").asText(null));
    }

    /** Whether some series of the answer is still being replayed (status PENDING): a later ask will find its model. */
    public static boolean pending(JsonNode body) {
        for (JsonNode r : body.path("results")) {
            if ("PENDING".equals(r.path("model").path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long the series' latest points have been inside the scorer's band for them (the
     * forecast band, the median/MAD band for the fallback): the trailing run of points in band
     * times the step; null when the answer has no band at its latest point.
     */
    static Duration normalFor(JsonNode result, Duration step) {
        JsonNode e = result.path("explain");
        JsonNode values = e.path("values");
        JsonNode low = e.path("bandLow");
        JsonNode high = e.path("bandHigh");
        int n = values.size();
        if (n == 0 || low.size() != n || high.size() != n || !low.get(n - 1).isNumber() || !high.get(n - 1).isNumber()) {
            return null;
        }
        int run = 0;
        for (int i = n - 1; i >= 0; i--) {
            double v = values.get(i).asDouble(Double.NaN);
            if (!low.get(i).isNumber() || !high.get(i).isNumber() || !(v >= low.get(i).asDouble())
                    || !(v <= high.get(i).asDouble())) {
                break;
            }
            run++;
        }
        return step.multipliedBy(run);
    }

    /** The series that decides the verdict: one outside its band now first, then an anomalous one, then the highest score. */
    private static JsonNode decisive(JsonNode body) {
        JsonNode best = null;
        for (JsonNode r : body.path("results")) {
            boolean outside = r.path("now").path("outside").asBoolean();
            boolean bestOutside = best != null && best.path("now").path("outside").asBoolean();
            boolean better = best == null
                    || outside && !bestOutside
                    || outside == bestOutside && r.path("anomalous").asBoolean() && !best.path("anomalous").asBoolean()
                    || outside == bestOutside && r.path("anomalous").asBoolean() == best.path("anomalous").asBoolean()
                    && r.path("score").asDouble() > best.path("score").asDouble();
            if (better) {
                best = r;
            }
        }
        return best;
    }

    /** The model behind the deciding series: "READY model 3f2a… v2" or "FALLBACK (median/MAD fallback; …)". */
    private static String model(JsonNode best) {
        if (best == null || best.path("model").isMissingNode()) {
            return null;
        }
        JsonNode m = best.path("model");
        String status = m.path("status").asText("?");
        return status.equals("READY") ? "READY model " + m.path("id").asText() + " v" + m.path("version").asText()
                : status + " (median/MAD fallback; model " + m.path("id").asText() + ")";
    }
}
