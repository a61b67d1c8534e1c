package dev.selfheal.receiver.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.remediation.PauseSwitch;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kill switch over HTTP: {@code POST /api/v1/pause} and {@code POST /api/v1/resume} (an
 * operator; the body may say why: {@code {"reason": "..."}}), {@code GET /api/v1/pause} (who set
 * it, when and why).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PauseResource {

    private final PauseSwitch pause;
    private final KillSwitch killSwitch;
    private final ObjectMapper mapper;

    public PauseResource(PauseSwitch pause, KillSwitch killSwitch, ObjectMapper mapper) {
        this.pause = pause;
        this.killSwitch = killSwitch;
        this.mapper = mapper;
    }

    @GET
    @Path("pause")
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("paused", pause.paused());
        status.put("pausedByConfiguration", pause.pausedByConfiguration());
        pause.state().ifPresent(s -> {
            status.put("by", s.by());
            status.put("reason", s.reason());
            status.put("since", s.since().toString());
        });
        return status;
    }

    @POST
    @Path("pause")
    public Map<String, Object> pause(@Context ContainerRequestContext request, String body) {
        Caller caller = Caller.of(request);
        killSwitch.set(true, caller.name(), reason(body));
        return status();
    }

    @POST
    @Path("resume")
    public Map<String, Object> resume(@Context ContainerRequestContext request, String body) {
        Caller caller = Caller.of(request);
        killSwitch.set(false, caller.name(), reason(body));
        return status();
    }

    /** The body's reason ({@code {"reason": "..."}}, optional); null when none is given. */
    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the body must be JSON: {\"reason\": \"...\"}");
        }
        JsonNode node = json.path("reason");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().strip().length() > KillSwitch.MAX_REASON) {
            throw new ApiException(400, "invalid_parameter", "reason must be a string of at most "
                    + KillSwitch.MAX_REASON + " characters");
        }
        return node.asText();
    }
}
