package dev.selfheal.receiver.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Who made a request: a person from the operators file, or Alertmanager's token ({@code webhook}). */
public record Caller(String name, Role role) {

    static final String ATTRIBUTE = "selfheal.caller";
    /** The name recorded for what the webhook token does. */
    public static final Caller WEBHOOK = new Caller("webhook", Role.WEBHOOK);
    /** With authentication turned off (a laptop only). */
    static final Caller ANONYMOUS = new Caller("anonymous", Role.OPERATOR);

    /** The caller the auth filter put on this request. */
    public static Caller of(ContainerRequestContext request) {
        Object caller = request.getProperty(ATTRIBUTE);
        if (caller instanceof Caller c) {
            return c;
        }
        throw new IllegalStateException("no caller on this request: the auth filter did not run");
    }
}
