package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.api.QueryParams;
import dev.selfheal.receiver.api.TimeArg;
import dev.selfheal.receiver.domain.Decision;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/episodes} and {@code GET /api/v1/episodes/{id}}; same auth as the webhook. */
@Path("/api/v1/episodes")
@Produces(MediaType.APPLICATION_JSON)
public class EpisodesResource {

    static final int MAX_LIMIT = 1000;

    /** What the decision filter takes: the kinds of decision. */
    public static final List<String> DECISIONS = Arrays.stream(Decision.Kind.values()).map(Enum::name).toList();

    private final EpisodeQueries queries;
    private final EpisodeSearch search;
    private final Clock clock;

    public EpisodesResource(EpisodeQueries queries, EpisodeSearch search, Clock clock) {
        this.queries = queries;
        this.search = search;
        this.clock = clock;
    }

    /**
     * Newest first, filtered by status, alertname, playbook and decision (any decision of the
     * episode: REMEDIATE, SUPPRESSED...) and since (created at or after: 2026-12-01T03:00:00Z or
     * 24h), a page of {@code limit} at a time ({@code page} from 1; {@code hasMore} says whether
     * there is a next one).
     */
    @GET
    public Map<String, Object> list(@QueryParam("status") String status,
                                    @QueryParam("alertname") String alertname,
                                    @QueryParam("playbook") String playbook,
                                    @QueryParam("decision") String decision,
                                    @QueryParam("since") String since,
                                    @QueryParam("page") @DefaultValue("1") String page,
                                    @QueryParam("limit") @DefaultValue("50") String limit) {
        EpisodeSearch.Page found = search.search(filter(status, alertname, playbook, decision, since, page,
                QueryParams.limit(limit, MAX_LIMIT), clock));
        return Map.of("episodes", queries.summaries(found.rows().stream().map(EpisodeSearch.Row::id).toList()),
                "page", found.page(), "hasMore", found.hasMore());
    }

    /** The list's filters as given by a user (the API and the console read them alike); 400 naming a bad one. */
    public static EpisodeSearch.Filter filter(String status, String alertname, String playbook, String decision,
                                              String since, String page, int limit, Clock clock) {
        if (status != null && !status.isEmpty() && !status.equals("firing") && !status.equals("resolved")) {
            throw new ApiException(400, "invalid_parameter", "status must be 'firing' or 'resolved'");
        }
        if (decision != null && !decision.isEmpty() && !DECISIONS.contains(decision)) {
            throw new ApiException(400, "invalid_parameter", "decision must be one of " + DECISIONS);
        }
        int pageNumber;
        try {
            pageNumber = Integer.parseInt(page);
        } catch (NumberFormatException e) {
            pageNumber = 0;
        }
        if (pageNumber < 1 || pageNumber > 100_000) {
            throw new ApiException(400, "invalid_parameter", "page must be a number from 1");
        }
        Optional<Instant> from;
        try {
            from = since == null || since.isBlank() ? Optional.empty()
                    : Optional.of(TimeArg.parse(since.strip(), clock.instant()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_parameter", "since: " + e.getMessage());
        }
        return new EpisodeSearch.Filter(present(status), present(alertname), present(playbook), present(decision), from,
                pageNumber, limit);
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    @GET
    @Path("{id}")
    public Episode get(@PathParam("id") String id) {
        long parsed = QueryParams.id(id, "episode id");
        return queries.find(parsed)
                .orElseThrow(() -> new ApiException(404, "not_found", "no episode with id " + parsed));
    }
}
