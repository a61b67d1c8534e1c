package dev.selfheal.receiver.console;

import dev.selfheal.receiver.auth.ChartLinks;
import dev.selfheal.receiver.episode.EpisodeQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /console/charts/{id}.png?exp=&sig=}: the episode's chart as a PNG for PagerDuty,
 * open without a login but only with a valid, unexpired signature for that episode
 * ({@link ChartLinks}); anything else is 403 and shows nothing.
 */
@Path("/console/charts")
public class ChartImage {

    private final ChartLinks links;
    private final EpisodeQueries queries;
    private final EpisodePages pages;

    public ChartImage(ChartLinks links, EpisodeQueries queries, EpisodePages pages) {
        this.links = links;
        this.queries = queries;
        this.pages = pages;
    }

    @GET
    @Path("{id}.png")
    public Response png(@PathParam("id") String id, @QueryParam("exp") String exp, @QueryParam("sig") String sig) {
        long episode;
        long expires;
        try {
            episode = Long.parseLong(id);
            expires = Long.parseLong(exp);
        } catch (NumberFormatException | NullPointerException e) {
            return forbidden();
        }
        if (!links.valid(episode, expires, sig)) {
            return forbidden();
        }
        return queries.find(episode).flatMap(pages::chart)
                .map(chart -> Response.ok(ChartPng.render(chart), "image/png").header("Cache-Control", "private, max-age=300")
                        .build())
                .orElseGet(() -> Response.status(404).type(MediaType.TEXT_PLAIN_TYPE).entity("no chart").build());
    }

    private static Response forbidden() {
        return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE).entity("forbidden").build();
    }
}
