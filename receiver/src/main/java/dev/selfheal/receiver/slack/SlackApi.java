package dev.selfheal.receiver.slack;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Slack's Web API: every method is {@code POST <SELFHEAL_SLACK_API_URL>/<method>} with the bot token
 * in {@code Authorization: Bearer}. Methods that write take JSON; {@code conversations.history} takes
 * form fields (https://api.slack.com/web#posting_json). Every answer is classified by
 * {@link SlackClient}, not turned into exceptions here.
 */
@RegisterRestClient(configKey = "slack")
@Produces(MediaType.APPLICATION_JSON)
interface SlackApi {

    @POST
    @Path("{method}")
    @Consumes(MediaType.APPLICATION_JSON + "; charset=utf-8")
    Response json(@PathParam("method") String method, @HeaderParam("Authorization") String authorization, String body);

    @POST
    @Path("{method}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response form(@PathParam("method") String method, @HeaderParam("Authorization") String authorization, String body);
}
