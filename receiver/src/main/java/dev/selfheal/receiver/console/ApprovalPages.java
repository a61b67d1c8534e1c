package dev.selfheal.receiver.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.act.Approvals;
import dev.selfheal.receiver.action.TargetNames;
import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.auth.Sessions;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.episode.TimelineEntry;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.Remediation;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code /approvals}: the actions waiting for an operator, what each would do and why; approve or reject by name. */
@Path("/approvals")
public class ApprovalPages {

    /** One waiting action as the page shows it. */
    public record Waiting(Remediation remediation, Episode episode, String actions, String target, String evidence) {
    }

    @Location("approvals.html")
    Template page;

    private final Approvals approvals;
    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;
    private final Sessions sessions;
    private final ObjectMapper mapper;

    public ApprovalPages(Approvals approvals, EpisodeQueries episodes, PlaybookRegistry playbooks, Sessions sessions,
                         ObjectMapper mapper) {
        this.approvals = approvals;
        this.episodes = episodes;
        this.playbooks = playbooks;
        this.sessions = sessions;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String list(@Context ContainerRequestContext request) {
        List<Waiting> waiting = approvals.waiting().stream().map(this::waiting).toList();
        return page.data("me", ConsoleRequest.of(request, sessions)).data("waiting", waiting).data("done", null).render();
    }

    @POST
    @Path("{id}/{verb}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") long id, @PathParam("verb") String verb, @FormParam("csrf") String csrf,
                           @Context ContainerRequestContext request) {
        ConsoleRequest me = ConsoleRequest.of(request, sessions);
        me.requireCsrf(sessions, csrf);
        if (!verb.equals("approve") && !verb.equals("reject")) {
            return Response.status(404).build();
        }
        Caller caller = me.caller();
        Approvals.Result result = approvals.decide(id, verb.equals("approve"), caller.name());
        return Response.seeOther(URI.create(result.episodeId() > 0 ? "/episodes/" + result.episodeId() : "/approvals"))
                .build();
    }

    private Waiting waiting(Remediation r) {
        Episode e = episodes.find(r.episodeId()).orElse(null);
        Playbook p = playbooks.find(r.playbook()).orElse(null);
        String actions = p == null ? "(the playbook is no longer loaded)"
                : p.actions().stream().skip(r.actionIndex()).map(Playbook.ActionSpec::type).collect(Collectors.joining(" → "));
        String target = e == null || p == null ? "" : TargetNames.of(p, e.labels(), pinned(r));
        String evidence = e == null ? "" : e.timeline().stream().filter(t -> "decision".equals(t.kind())
                && r.playbook().equals(t.playbook())).reduce((a, b) -> b).map(TimelineEntry::reason).orElse("");
        return new Waiting(r, e, actions, target, evidence);
    }

    private Map<String, String> pinned(Remediation r) {
        if (r.pinned() == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(r.pinned(), new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
