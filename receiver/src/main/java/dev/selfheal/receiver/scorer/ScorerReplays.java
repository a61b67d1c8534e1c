package dev.selfheal.receiver.scorer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/**
 * Asks the scorer to replay a query's series now ({@code POST /api/v1/models/train}), so the
 * first alert on them finds a model rather than a replay to wait for. Asked of the series' owner
 * (or its stand-in, {@link ScorerRouter}), so the replayed state is resident where the alerts' confirm queries go.
 */
@ApplicationScoped
public class ScorerReplays {

    private final ScorerRouter router;

    public ScorerReplays(ScorerRouter router) {
        this.router = router;
    }

    /** What the scorer said: accepted (202), or why not. */
    public record Outcome(boolean accepted, String detail) {
    }

    public Outcome replay(String query, Duration step) {
        Map<String, Object> request = Map.of("query", query, "step", step.toSeconds() + "s");
        try (Response response = router.call(Rendezvous.key(query, step), api -> api.train(request))) {
            int status = response.getStatus();
            if (status == 202 || status == 200) {
                return new Outcome(true, "accepted");
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Outcome(false, "the scorer answered " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
        } catch (ScorerUnavailableException e) {
            return new Outcome(false, e.getMessage());
        } catch (ProcessingException e) {
            return new Outcome(false, "the scorer's answer could not be read: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
