package dev.selfheal.receiver.scorer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The scorer's score and replay endpoints, one client per replica ({@link ScorerApis}).
 * Package-private: {@link ScorerClient} owns timeouts, retries and fallback, {@link ScorerRouter} the replica.
 */
@Path("/api/v1")
interface ScorerApi {

    @POST
    @Path("/score")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response score(Map<String, Object> request);

    /** Replays now every series the query returns (answers 202), so a first alert finds a model. */
    @POST
    @Path("/models/train")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response train(Map<String, Object> request);
}
