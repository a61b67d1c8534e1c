package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.api.ApiException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/pagerduty/outbox?state=pending|delivered|dead&episode=ID&after=ID&limit=N}:
 * what was sent, what waits, what died, in id order (page with {@code after}, the last id seen).
 */
@Path("/api/v1/pagerduty/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private static final Set<String> STATES = Set.of("pending", "delivered", "dead");

    private final OutboxQueries queries;

    public OutboxResource(OutboxQueries queries) {
        this.queries = queries;
    }

    @GET
    public Map<String, List<OutboxQueries.OutboxEvent>> list(@QueryParam("state") String state,
                                                             @QueryParam("episode") String episode,
                                                             @QueryParam("after") @DefaultValue("0") String after,
                                                             @QueryParam("limit") @DefaultValue("100") String limit) {
        if (state != null && !STATES.contains(state)) {
            throw new ApiException(400, "invalid_parameter", "state must be one of " + STATES);
        }
        Optional<Long> episodeId = Optional.empty();
        int max;
        long afterId;
        try {
            afterId = Long.parseLong(after);
            if (episode != null) {
                episodeId = Optional.of(Long.parseLong(episode));
            }
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_parameter", "episode, after and limit must be numbers");
        }
        if (max < 1 || max > 1000) {
            throw new ApiException(400, "invalid_parameter", "limit must be from 1 to 1000");
        }
        return Map.of("events", queries.list(Optional.ofNullable(state).map(s -> s.toUpperCase(Locale.ROOT)),
                episodeId, afterId, max));
    }
}
