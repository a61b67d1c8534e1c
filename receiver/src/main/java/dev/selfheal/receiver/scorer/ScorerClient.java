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
import org.jboss.logging.Logger;

/**
 * Asks the scorer to confirm an alert. Owns the fault tolerance: a timeout per call, retries with
 * backoff and jitter on 5xx and I/O errors only, a circuit breaker, and a fallback that answers
 * "unavailable" so the playbook's {@code onScorerUnavailable} policy decides (page by default).
 * Any value can be tuned with MicroProfile Fault Tolerance properties, e.g.
 * {@code dev.selfheal.receiver.scorer.ScorerClient/confirm/Timeout/value}.
 *
 * <p>Each attempt goes to the series' owner, or to a stand-in when the owner cannot answer
 * ({@link ScorerRouter}); so the circuit breaker counts only attempts that no replica answered,
 * and one dead replica among several never opens it (the router remembers that replica as down
 * for a short while instead).
 */
@ApplicationScoped
public class ScorerClient {

    private static final Logger LOG = Logger.getLogger(ScorerClient.class);

    private final ScorerRouter router;

    public ScorerClient(ScorerRouter router) {
        this.router = router;
    }

    /**
     * Each replica has 12 s to answer, over the scorer's replay wait budget
     * (SELFHEAL_TRAINING_WAIT_BUDGET, 10 s), so a cold series answers from a model ({@link ScorerApis});
     * an attempt has 25 s, so that a stand-in can still answer after an owner that hung.
     */
    @Timeout(value = 25, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = ScorerUnavailableException.class,
            abortOn = ScorerRefusedException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 15, delayUnit = ChronoUnit.SECONDS,
            skipOn = ScorerRefusedException.class)
    @Fallback(fallbackMethod = "unavailable")
    public Verdict confirm(String query, Duration window, Duration step, Instant end, double threshold) {
        Map<String, Object> request = Map.of("query", query, "window", window.toSeconds() + "s",
                "step", step.toSeconds() + "s", "end", end.toString(), "explain", true);
        Response response = router.call(Rendezvous.key(query, step), api -> api.score(request));
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
            return ScorerAnswers.verdict(body, threshold, step)
                    .orElseThrow(() -> new ScorerUnavailableException("the scorer's answer has no verdict", null));
        } catch (ProcessingException e) {
            throw new ScorerUnavailableException("the scorer's answer could not be read: " + e.getMessage(), e);
        }
    }

    Verdict unavailable(String query, Duration window, Duration step, Instant end, double threshold, Throwable cause) {
        LOG.warnf("scorer unavailable for a confirm query: %s", cause.getMessage());
        return Verdict.unavailable(cause.getMessage());
    }
}
