package dev.selfheal.receiver.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.domain.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks the scorer to confirm an alert. Owns the fault tolerance: a timeout per call, retries with
 * backoff and jitter on 5xx and I/O errors only, a circuit breaker, and a fallback that answers
 * "unavailable" so the playbook's {@code onScorerUnavailable} policy decides (page by default).
 * Any value can be tuned with MicroProfile Fault Tolerance properties, e.g.
 * {@code dev.selfheal.receiver.scorer.ScorerClient/confirm/Timeout/value}.
 */
@ApplicationScoped
public class ScorerClient {

    private static final Logger LOG = Logger.getLogger(ScorerClient.class);

    private final ScorerApi api;

    public ScorerClient(@RestClient ScorerApi api) {
        this.api = api;
    }

    /** Over the scorer's replay wait budget (SELFHEAL_TRAINING_WAIT_BUDGET, 10 s), so a cold series answers from a model. */
    @Timeout(value = 12, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = ScorerUnavailableException.class,
            abortOn = ScorerRefusedException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 15, delayUnit = ChronoUnit.SECONDS,
            skipOn = ScorerRefusedException.class)
    @Fallback(fallbackMethod = "unavailable")
    public Verdict confirm(String query, Duration window, Duration step, Instant end, double threshold) {
        Map<String, Object> request = Map.of("query", query, "window", window.toSeconds() + "s",
                "step", step.toSeconds() + "s", "end", end.toString(), "explain", true);
        Response response;
        try {
            response = api.score(request);
        } catch (ProcessingException e) {
            throw new ScorerUnavailableException("the scorer is unreachable: " + e.getMessage(), e);
        }
        try (response) {
            int status = response.getStatus();
            if (status >= 500) {
                throw new ScorerUnavailableException("the scorer answered " + status, null);
            }
            JsonNode body = response.readEntity(JsonNode.class);
            if (status >= 400) {
                throw new ScorerRefusedException("the scorer refused the confirm query (" + status + "): "
                        + body.path("message").asText(""));
            }
            double score = body.path("verdict").path("score").asDouble(Double.NaN);
            JsonNode anomalous = body.path("verdict").path("anomalous");
            if (!Double.isFinite(score) || !anomalous.isBoolean()) {
                throw new ScorerUnavailableException("the scorer's answer has no verdict", null);
            }
            JsonNode best = decisive(body);
            boolean fromModel = best != null && "READY".equals(best.path("model").path("status").asText());
            String reason = best == null ? null : best.path("decision").path("reason").asText(null);
            double deviation = best == null ? Double.NaN : best.path("decision").path("ratio").asDouble(Double.NaN);
            return Verdict.served(anomalous.asBoolean(), score, threshold, model(best), fromModel, reason,
                    best == null ? null : best.toString(), deviation, best == null ? null : normalFor(best, step));
        } catch (ProcessingException e) {
            throw new ScorerUnavailableException("the scorer's answer could not be read: " + e.getMessage(), e);
        }
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

    /** The series that decides the verdict: an anomalous one first, then the highest score. */
    private static JsonNode decisive(JsonNode body) {
        JsonNode best = null;
        for (JsonNode r : body.path("results")) {
            boolean better = best == null
                    || r.path("anomalous").asBoolean() && !best.path("anomalous").asBoolean()
                    || r.path("anomalous").asBoolean() == best.path("anomalous").asBoolean()
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

    Verdict unavailable(String query, Duration window, Duration step, Instant end, double threshold, Throwable cause) {
        LOG.warnf("scorer unavailable for a confirm query: %s", cause.getMessage());
        return Verdict.unavailable(cause.getMessage());
    }
}
