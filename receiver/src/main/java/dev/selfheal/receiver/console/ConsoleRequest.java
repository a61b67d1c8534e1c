package dev.selfheal.receiver.console;

import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.auth.Role;
import dev.selfheal.receiver.auth.Sessions;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What every page shows and every form checks: the person logged in, and the session's CSRF token. */
public record ConsoleRequest(Caller caller, String csrf, String cookie) {

    static ConsoleRequest of(ContainerRequestContext request, Sessions sessions) {
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        String value = cookie == null ? null : cookie.getValue();
        return new ConsoleRequest(Caller.of(request), value == null ? "" : sessions.csrf(value), value);
    }

    public boolean operator() {
        return caller.role() == Role.OPERATOR;
    }

    /** A form's POST must carry the session's CSRF token: 403 otherwise. */
    void requireCsrf(Sessions sessions, String presented) {
        if (!sessions.csrfMatches(cookie, presented)) {
            throw new WebApplicationException(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("The form's CSRF token is missing or wrong: reload the page and try again.").build());
        }
    }
}
