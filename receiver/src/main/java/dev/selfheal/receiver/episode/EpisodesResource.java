package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.api.QueryParams;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/episodes} and {@code GET /api/v1/episodes/{id}}; same auth as the webhook. */
@Path("/api/v1/episodes")
@Produces(MediaType.APPLICATION_JSON)
public class EpisodesResource {

    static final int MAX_LIMIT = 1000;

    private final EpisodeQueries queries;

    public EpisodesResource(EpisodeQueries queries) {
        this.queries = queries;
    }

    @GET
    public Map<String, List<Episode>> list(@QueryParam("status") String status,
                                           @QueryParam("limit") @DefaultValue("50") String limit) {
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            throw new ApiException(400, "invalid_parameter", "status must be 'firing' or 'resolved'");
        }
        return Map.of("episodes", queries.list(Optional.ofNullable(status), QueryParams.limit(limit, MAX_LIMIT)));
    }

    @GET
    @Path("{id}")
    public Episode get(@PathParam("id") String id) {
        long parsed = QueryParams.id(id, "episode id");
        return queries.find(parsed)
                .orElseThrow(() -> new ApiException(404, "not_found", "no episode with id " + parsed));
    }
}
