package dev.selfheal.scorer.prometheus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Prometheus' HTTP API, the one call the scorer makes. Wrapped by {@link PrometheusClient}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface PrometheusApi {

    @GET
    @Path("/query_range")
    Response queryRange(@QueryParam("query") String query, @QueryParam("start") String start,
                        @QueryParam("end") String end, @QueryParam("step") String step);
}
