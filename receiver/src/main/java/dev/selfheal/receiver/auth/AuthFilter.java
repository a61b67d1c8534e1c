package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.api.ApiError;
import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /api/*}: {@code Authorization: Bearer <token>} or HTTP basic with the token as
 * password, the two forms Alertmanager's {@code http_config} sends. A refusal is 401 with a JSON
 * body that never echoes what was presented.
 */
public class AuthFilter {

    private final WebhookCredentials credentials;
    private final ReceiverConfig config;

    public AuthFilter(WebhookCredentials credentials, ReceiverConfig config) {
        this.credentials = credentials;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!config.webhook().authEnabled() || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.of(unauthorized("missing Authorization header (Bearer token or HTTP basic)"));
        }
        return accepted(header.strip()) ? Optional.empty() : Optional.of(unauthorized("invalid credentials"));
    }

    boolean accepted(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.matches(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        return false;
    }

    private boolean basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        boolean passwordOk = credentials.matches(decoded.substring(colon + 1));
        boolean userOk = config.webhook().basicUsername().map(user::equals).orElse(true);
        return passwordOk & userOk;
    }

    private static Response unauthorized(String message) {
        Response error = ApiError.response(401, "unauthorized", message);
        return Response.fromResponse(error).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"selfheal\"").build();
    }
}
