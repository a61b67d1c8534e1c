package dev.selfheal.receiver.pagerduty;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * PagerDuty's Events API v2, its two endpoints. Bodies are JSON text built by {@link EventBodies}
 * with the routing key added just before sending. Every status is classified by
 * {@link PagerDutyClient}, not turned into exceptions here.
 */
@RegisterRestClient(configKey = "pagerduty")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface PagerDutyApi {

    /** Alert events: trigger, acknowledge, resolve. */
    @POST
    @Path("/v2/enqueue")
    Response enqueue(String body);

    /** Change events. */
    @POST
    @Path("/v2/change/enqueue")
    Response changeEnqueue(String body);
}
