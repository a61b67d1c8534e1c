package dev.selfheal.receiver.console;

import dev.selfheal.receiver.act.KillSwitch;
import dev.selfheal.receiver.auth.Sessions;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.PauseSwitch;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * {@code /playbooks}: the loaded set, each playbook's mode and recent decisions, the last reload;
 * {@code /pause}: the kill switch with who set it, when and why, and (an operator) the forms that
 * turn it on and off.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ControlPages {

    @Location("playbooks.html")
    Template playbooksPage;
    @Location("pause.html")
    Template pausePage;

    private final PlaybookRegistry playbooks;
    private final RecentDecisions recent;
    private final PauseSwitch pause;
    private final KillSwitch killSwitch;
    private final Sessions sessions;

    public ControlPages(PlaybookRegistry playbooks, RecentDecisions recent, PauseSwitch pause, KillSwitch killSwitch,
                        Sessions sessions) {
        this.playbooks = playbooks;
        this.recent = recent;
        this.pause = pause;
        this.killSwitch = killSwitch;
        this.sessions = sessions;
    }

    @GET
    @Path("playbooks")
    public String playbooks(@Context ContainerRequestContext request) {
        return playbooksPage.data("me", ConsoleRequest.of(request, sessions)).data("playbooks", playbooks.all())
                .data("recent", recent.byPlaybook(5)).data("reload", playbooks.lastReload().orElse(null)).render();
    }

    @GET
    @Path("pause")
    public String pause(@Context ContainerRequestContext request) {
        return pausePage.data("me", ConsoleRequest.of(request, sessions)).data("paused", pause.paused())
                .data("byConfiguration", pause.pausedByConfiguration()).data("state", pause.state().orElse(null))
                .render();
    }

    @POST
    @Path("pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPause(@FormParam("csrf") String csrf, @FormParam("reason") String reason,
                             @Context ContainerRequestContext request) {
        return set(true, csrf, reason, request);
    }

    @POST
    @Path("resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@FormParam("csrf") String csrf, @FormParam("reason") String reason,
                           @Context ContainerRequestContext request) {
        return set(false, csrf, reason, request);
    }

    private Response set(boolean paused, String csrf, String reason, ContainerRequestContext request) {
        ConsoleRequest me = ConsoleRequest.of(request, sessions);
        me.requireCsrf(sessions, csrf);
        String why = reason == null ? null : reason.strip();
        killSwitch.set(paused, me.caller().name(), why == null || why.length() <= KillSwitch.MAX_REASON ? why
                : why.substring(0, KillSwitch.MAX_REASON)); // the form's maxlength holds it already
        return Response.seeOther(URI.create("/pause")).build();
    }
}
