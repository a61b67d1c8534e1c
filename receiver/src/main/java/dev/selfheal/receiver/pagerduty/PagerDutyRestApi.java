package dev.selfheal.receiver.pagerduty;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The two read endpoints of PagerDuty's REST API v2 that tell whether an event arrived: incidents
 * by incident key (an Events API alert's dedup_key) and change events in a time range. Used only
 * for an event whose earlier attempt ended without an answer. The token goes in the
 * {@code Authorization: Token token=...} header and nowhere else.
 */
@RegisterRestClient(configKey = "pagerduty-rest")
@Produces(MediaType.APPLICATION_JSON)
interface PagerDutyRestApi {

    @GET
    @Path("/incidents")
    Response incidents(@HeaderParam("Authorization") String authorization, @QueryParam("incident_key") String incidentKey,
                       @QueryParam("date_range") String dateRange);

    @GET
    @Path("/change_events")
    Response changeEvents(@HeaderParam("Authorization") String authorization, @QueryParam("since") String since,
                          @QueryParam("until") String until, @QueryParam("limit") int limit,
                          @QueryParam("offset") int offset);
}
