package dev.selfheal.receiver.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Sends one event to PagerDuty and classifies the answer. The routing key is put into the body
 * here and nowhere else; error texts carry PagerDuty's message, never the body or the key.
 */
@ApplicationScoped
public class PagerDutyClient {

    private final PagerDutyApi api;
    private final ObjectMapper mapper;

    public PagerDutyClient(@RestClient PagerDutyApi api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    public Delivery send(String eventAction, String storedBody, String routingKey) {
        String body;
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(storedBody);
            node.put("routing_key", routingKey);
            body = mapper.writeValueAsString(node);
        } catch (IOException | ClassCastException e) {
            return new Delivery(Delivery.Result.REJECTED, 0, "the stored event is not a JSON object");
        }
        try (Response response = "change".equals(eventAction) ? api.changeEnqueue(body) : api.enqueue(body)) {
            int status = response.getStatus();
            String answer = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Delivery(Delivery.classify(status), status, "PagerDuty answered " + status + describe(answer));
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Delivery(Delivery.Result.RETRY, 0, "PagerDuty could not be reached: "
                    + cause.getClass().getSimpleName(), !notConnected(e));
        }
    }

    /** No connection was made (refused, unresolvable, connect timeout): PagerDuty cannot have the event. */
    public static boolean notConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || (t.getMessage() != null && t.getMessage().contains("Connection refused"))) {
                return true;
            }
        }
        return false;
    }

    /** PagerDuty's own words (status, message, errors), cut short; never echoes the request. */
    private String describe(String answer) {
        if (answer == null || answer.isBlank()) {
            return "";
        }
        try {
            var node = mapper.readTree(answer);
            StringBuilder b = new StringBuilder(": ").append(node.path("message").asText(node.path("status").asText("")));
            if (node.path("errors").isArray() && !node.path("errors").isEmpty()) {
                b.append(" ").append(node.path("errors"));
            }
            return b.length() > 500 ? b.substring(0, 500) + "…" : b.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
