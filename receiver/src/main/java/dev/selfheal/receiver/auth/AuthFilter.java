package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.api.ApiError;
import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Who is calling, and may they. The API ({@code /api/*}) takes {@code Authorization: Bearer
 * <webhook token>} (the webhook role) or HTTP basic, either with an operators-file account or, as
 * Alertmanager's {@code http_config} may send it, with the webhook token as password. The console's
 * pages take the session cookie of {@code /login}. Then {@link Access} says what the request needs
 * and {@link Role#may} whether the caller's role allows it: 401 or 403 with a JSON body on the API
 * (never echoing what was presented), the login page or a 403 page on the console. Failed basic
 * logins count towards {@link LoginThrottle} as form logins do.
 */
public class AuthFilter {

    private static final Logger LOG = Logger.getLogger(AuthFilter.class);

    private final WebhookCredentials credentials;
    private final Operators operators;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final ReceiverConfig config;

    public AuthFilter(WebhookCredentials credentials, Operators operators, Sessions sessions, LoginThrottle throttle,
                      ReceiverConfig config) {
        this.credentials = credentials;
        this.operators = operators;
        this.sessions = sessions;
        this.throttle = throttle;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Access.Kind kind = Access.kind(path);
        Access.Need need = Access.need(request.getMethod(), path);
        if (need == Access.Need.OPEN) {
            return Optional.empty();
        }
        if (!config.webhook().authEnabled()) {
            request.setProperty(Caller.ATTRIBUTE, Caller.ANONYMOUS);
            return Optional.empty();
        }
        if (kind == Access.Kind.API) {
            String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (header == null || header.isBlank()) {
                return Optional.of(unauthorized("missing Authorization header (Bearer token or HTTP basic)"));
            }
            Identified who = identify(header.strip(), remote(request));
            if (who.refusal() != null) {
                return Optional.of(who.refusal());
            }
            if (who.caller() == null) {
                return Optional.of(unauthorized("invalid credentials"));
            }
            if (!who.caller().role().may(need)) {
                return Optional.of(ApiError.response(403, "forbidden", "the " + who.caller().role().wireName()
                        + " role may not " + request.getMethod() + " " + path
                        + (who.caller().role() == Role.WEBHOOK ? " (an operator's login may)" : "")));
            }
            request.setProperty(Caller.ATTRIBUTE, who.caller());
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        Optional<Caller> caller = cookie == null ? Optional.empty() : sessions.name(cookie.getValue())
                .flatMap(name -> operators.role(name).map(role -> new Caller(name, role)));
        if (caller.isEmpty()) {
            if (!"GET".equals(request.getMethod())) {
                return Optional.of(page(401, "Your session has ended: log in again."));
            }
            String next = request.getUriInfo().getRequestUri().getRawPath()
                    + Optional.ofNullable(request.getUriInfo().getRequestUri().getRawQuery()).map(q -> "?" + q).orElse("");
            return Optional.of(Response.seeOther(URI.create("/login?next=" + URLEncoder.encode(next,
                    StandardCharsets.UTF_8))).build());
        }
        if (!caller.get().role().may(need)) {
            return Optional.of(page(403, "The " + caller.get().role().wireName() + " role may not do that."));
        }
        request.setProperty(Caller.ATTRIBUTE, caller.get());
        return Optional.empty();
    }

    private record Identified(Caller caller, Response refusal) {
    }

    private Identified identify(String header, String from) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return new Identified(null, null);
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return new Identified(credentials.matches(value) ? Caller.WEBHOOK : null, null);
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return new Identified(null, null);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Identified(null, null);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Identified(null, null);
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (credentials.matches(password) && config.webhook().basicUsername().map(user::equals).orElse(true)) {
            return new Identified(Caller.WEBHOOK, null); // Alertmanager's basic_auth with the token as password
        }
        Duration wait = throttle.retryAfter(user);
        if (!wait.isZero()) {
            return new Identified(null, tooMany(wait));
        }
        Optional<Caller> operator = operators.verify(user, password);
        if (operator.isEmpty()) {
            throttle.failed(user);
            LOG.warnf("API login failed for '%s' from %s", LoginThrottle.printable(user), from);
            return new Identified(null, null);
        }
        throttle.succeeded(user);
        return new Identified(operator.get(), null);
    }

    static String remote(ContainerRequestContext request) {
        String forwarded = request.getHeaderString("X-Forwarded-For");
        return forwarded != null ? forwarded.split(",")[0].strip() + " (forwarded)" : "the network";
    }

    static Response tooMany(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Response.fromResponse(ApiError.response(429, "too_many_attempts",
                "too many failed logins for this account; try again in " + seconds + " s"))
                .header("Retry-After", seconds).build();
    }

    private static Response unauthorized(String message) {
        Response error = ApiError.response(401, "unauthorized", message);
        return Response.fromResponse(error).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"selfheal\"").build();
    }

    private static Response page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity(message + " (/login)").build();
    }
}
