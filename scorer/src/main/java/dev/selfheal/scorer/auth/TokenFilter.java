package dev.selfheal.scorer.auth;

import dev.selfheal.scorer.config.ScorerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /api/*} with {@code Authorization: Bearer <SELFHEAL_SCORER_TOKEN>}: the scorer runs
 * PromQL against Prometheus for whoever asks, so only the receiver (and selfheal's own tools) may.
 * {@code /q/health} and {@code /q/metrics} stay open for probes and Prometheus. A refusal is 401 with
 * a JSON body that never echoes what was presented.
 */
public class TokenFilter {

    private final ScorerToken token;
    private final ScorerConfig config;

    public TokenFilter(ScorerToken token, ScorerConfig config) {
        this.token = token;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!config.scorerAuthEnabled() || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.of(unauthorized("missing Authorization header: send Bearer <SELFHEAL_SCORER_TOKEN>"));
        }
        String h = header.strip();
        boolean bearer = h.regionMatches(true, 0, "Bearer ", 0, 7);
        return bearer && token.matches(h.substring(7).strip()) ? Optional.empty()
                : Optional.of(unauthorized("invalid credentials"));
    }

    private static Response unauthorized(String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"selfheal-scorer\"")
                .entity(Map.of("code", "unauthorized", "message", message)).build();
    }
}
