package dev.selfheal.receiver.remediation;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The kill switch over HTTP: {@code POST /api/v1/pause}, {@code POST /api/v1/resume}, {@code GET /api/v1/pause}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PauseResource {

    private final PauseSwitch pause;

    public PauseResource(PauseSwitch pause) {
        this.pause = pause;
    }

    @GET
    @Path("pause")
    public Map<String, Object> status() {
        return Map.of("paused", pause.paused(), "pausedByConfiguration", pause.pausedByConfiguration());
    }

    @POST
    @Path("pause")
    public Map<String, Object> pause() {
        pause.set(true, "paused through the API");
        return status();
    }

    @POST
    @Path("resume")
    public Map<String, Object> resume() {
        pause.set(false, "resumed through the API");
        return status();
    }
}
