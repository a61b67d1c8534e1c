package dev.selfheal.receiver.console;

import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.auth.LoginThrottle;
import dev.selfheal.receiver.auth.Operators;
import dev.selfheal.receiver.auth.Sessions;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code /login} (form fields {@code username} and {@code password}) opens a session cookie
 * (HttpOnly, SameSite=Strict, Secure behind TLS); {@code /logout} clears it. Failures are logged
 * with the name and never the password, and rate-limited per account ({@link LoginThrottle}).
 */
@Path("/")
public class LoginPage {

    private static final Logger LOG = Logger.getLogger(LoginPage.class);

    @Location("login.html")
    Template login;

    private final Operators operators;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    public LoginPage(Operators operators, Sessions sessions, LoginThrottle throttle) {
        this.operators = operators;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next) {
        return login.data("next", safeNext(next)).data("error", null).render();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("next") String next, @Context ContainerRequestContext request) {
        String name = username == null ? "" : username.strip();
        String target = safeNext(next);
        Duration wait = throttle.retryAfter(name);
        if (!wait.isZero()) {
            return page(429, target, "Too many failed logins for this account: try again in "
                    + Math.max(1, wait.toSeconds()) + " s.");
        }
        Optional<Caller> caller = name.isEmpty() || password == null ? Optional.empty()
                : operators.verify(name, password);
        if (caller.isEmpty()) {
            throttle.failed(name);
            LOG.warnf("console login failed for '%s'", LoginThrottle.printable(name));
            return page(401, target, operators.configured() ? "Wrong name or password."
                    : "No operators file is configured (SELFHEAL_OPERATORS_FILE): nobody can log in.");
        }
        throttle.succeeded(name);
        LOG.infof("console login: %s (%s)", caller.get().name(), caller.get().role().wireName());
        return Response.seeOther(URI.create(target)).cookie(cookie(sessions.open(caller.get().name()),
                (int) sessions.ttl().toSeconds(), secure(request))).build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam("csrf") String csrf, @Context ContainerRequestContext request) {
        ConsoleRequest.of(request, sessions).requireCsrf(sessions, csrf);
        return Response.seeOther(URI.create("/login")).cookie(cookie("", 0, secure(request))).build();
    }

    private Response page(int status, String next, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(login.data("next", next).data("error", error).render()).build();
    }

    /** Only a path of this site: never another host (an open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.chars().anyMatch(ch -> ch < 0x20)) {
            return "/";
        }
        return next;
    }

    private static boolean secure(ContainerRequestContext request) {
        return "https".equals(request.getUriInfo().getRequestUri().getScheme())
                || "https".equalsIgnoreCase(request.getHeaderString("X-Forwarded-Proto"));
    }

    private static NewCookie cookie(String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(Sessions.COOKIE).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).version(Cookie.DEFAULT_VERSION).build();
    }
}
