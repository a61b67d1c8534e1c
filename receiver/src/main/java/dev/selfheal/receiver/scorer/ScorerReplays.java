package dev.selfheal.receiver.scorer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks the scorer to replay a query's series now ({@code POST /api/v1/models/train}), so the
 * first alert on them finds a model rather than a replay to wait for.
 */
@ApplicationScoped
public class ScorerReplays {

    private final ScorerApi api;

    public ScorerReplays(@RestClient ScorerApi api) {
        this.api = api;
    }

    /** What the scorer said: accepted (202), or why not. */
    public record Outcome(boolean accepted, String detail) {
    }

    public Outcome replay(String query, Duration step) {
        try (Response response = api.train(Map.of("query", query, "step", step.toSeconds() + "s"))) {
            int status = response.getStatus();
            if (status == 202 || status == 200) {
                return new Outcome(true, "accepted");
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Outcome(false, "the scorer answered " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
        } catch (ProcessingException e) {
            return new Outcome(false, "the scorer is unreachable: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
