package dev.selfheal.receiver.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.auth.Sessions;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.episode.EpisodeSearch;
import dev.selfheal.receiver.episode.EpisodesResource;
import dev.selfheal.receiver.episode.TimelineEntry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The episodes list at {@code /} (filters, paging, refreshed every 15 s) and one episode at
 * {@code /episodes/{id}}: its labels and annotations, the timeline, and the scorer's chart of the
 * window that decided, with the decision and the actions marked.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class EpisodePages {

    static final int PAGE_SIZE = 50;

    @Location("episodes.html")
    Template list;
    @Location("episode.html")
    Template one;

    private final EpisodeSearch search;
    private final EpisodeQueries queries;
    private final Sessions sessions;
    private final ObjectMapper mapper;
    private final Clock clock;

    public EpisodePages(EpisodeSearch search, EpisodeQueries queries, Sessions sessions, ObjectMapper mapper,
                        Clock clock) {
        this.search = search;
        this.queries = queries;
        this.sessions = sessions;
        this.mapper = mapper;
        this.clock = clock;
    }

    @GET
    public String episodes(@QueryParam("status") String status, @QueryParam("alertname") String alertname,
                           @QueryParam("playbook") String playbook, @QueryParam("decision") String decision,
                           @QueryParam("since") String since, @QueryParam("page") @DefaultValue("1") String page,
                           @Context ContainerRequestContext request) {
        EpisodeSearch.Page found;
        String error = null;
        try {
            found = search.search(EpisodesResource.filter(status, alertname, playbook, decision, since, page, PAGE_SIZE,
                    clock));
        } catch (ApiException e) {
            found = new EpisodeSearch.Page(List.of(), 1, false);
            error = e.getMessage();
        }
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", status);
        filters.put("alertname", alertname);
        filters.put("playbook", playbook);
        filters.put("decision", decision);
        filters.put("since", since);
        return list.data("me", ConsoleRequest.of(request, sessions)).data("page", found).data("f", filters)
                .data("error", error)
                .data("decisions", EpisodesResource.DECISIONS)
                .data("prev", found.page() > 1 ? link(filters, found.page() - 1) : null)
                .data("next", found.hasMore() ? link(filters, found.page() + 1) : null).render();
    }

    @GET
    @Path("episodes/{id}")
    public String episode(@PathParam("id") String id, @QueryParam("window") String window,
                          @Context ContainerRequestContext request) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException();
        }
        Episode episode = queries.find(parsed).orElseThrow(NotFoundException::new);
        boolean whole = "all".equals(window);
        return one.data("me", ConsoleRequest.of(request, sessions)).data("e", episode)
                .data("chart", chart(episode, whole).orElse(null)).data("whole", whole)
                .data("links", links(episode.annotations())).render();
    }

    /** The annotations shown as links: {@code runbook_url} and {@code dashboard} with an http or https URL; the rest stays text. */
    static java.util.Set<String> links(Map<String, String> annotations) {
        return annotations.entrySet().stream().filter(a -> LINK_ANNOTATIONS.contains(a.getKey()))
                .filter(a -> a.getValue().startsWith("https://") || a.getValue().startsWith("http://"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    static final List<String> LINK_ANNOTATIONS = List.of("runbook_url", "dashboard");

    /** The chart around the decision, as the page shows it first and PagerDuty and Slack get it. */
    Optional<ScorerChart> chart(Episode episode) {
        return chart(episode, false);
    }

    /**
     * The chart of the latest decision that has the scorer's window, marked with the decisions and
     * actions: around that decision, or the whole window.
     */
    Optional<ScorerChart> chart(Episode episode, boolean whole) {
        List<ScorerChart.Mark> marks = new ArrayList<>();
        JsonNode evidence = null;
        java.time.Instant decided = null;
        for (TimelineEntry t : episode.timeline()) {
            if (t instanceof TimelineEntry.Decision d) {
                marks.add(new ScorerChart.Mark(d.at(), "decision: " + d.status()));
                JsonNode parsed = parse(d.scorer());
                if (parsed != null && parsed.path("explain").isObject()) {
                    evidence = parsed;
                    decided = d.at();
                }
            } else if (t instanceof TimelineEntry.Action a) {
                marks.add(new ScorerChart.Mark(a.at(), "action: " + a.status()));
            } else if (t instanceof TimelineEntry.Verification v && v.scorerBackAt() != null) {
                marks.add(new ScorerChart.Mark(v.scorerBackAt(), "verification: the scorer saw the series back in its band"));
            }
        }
        java.time.Instant at = decided;
        return ScorerChart.of(evidence, marks).map(c -> whole || at == null ? c : c.around(at));
    }

    private JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String link(Map<String, String> filters, int page) {
        String query = filters.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "/?" + (query.isEmpty() ? "" : query + "&") + "page=" + page;
    }
}
