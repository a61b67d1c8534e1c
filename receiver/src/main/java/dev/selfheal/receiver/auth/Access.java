package dev.selfheal.receiver.auth;

import java.util.Set;

/** What a request needs, from its method and path alone (a pure decision: tested on its own). */
public final class Access {

    /**
     * OPEN: no login (health, metrics, OpenAPI, the login page, signed chart images, the console's
     * assets, and Slack's clicks, which its signature authenticates in {@code slack.SlackInteractions}).
     */
    public enum Need { OPEN, READ, POST_ALERTS, OPERATE }

    /** The console's pages: a browser is sent to the login page instead of getting a 401. */
    public enum Kind { API, PAGE, OPEN }

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private Access() {
    }

    public static Kind kind(String path) {
        if (path.startsWith("/api/")) {
            return Kind.API;
        }
        if (path.startsWith("/q/") || path.equals("/login")
                || path.startsWith("/console/assets/")
                || path.startsWith("/console/charts/")) {
            return Kind.OPEN;
        }
        return Kind.PAGE;
    }

    /** Slack posts clicks here; its signature, not a login, says it is Slack. */
    public static final String SLACK_INTERACTIONS = "/api/v1/slack/interactions";

    public static Need need(String method, String path) {
        if (kind(path) == Kind.OPEN || path.equals(SLACK_INTERACTIONS)) {
            return Need.OPEN;
        }
        if (path.equals("/logout")) {
            return Need.READ;
        }
        if (SAFE.contains(method)) {
            return Need.READ;
        }
        if (path.equals("/api/v1/alerts")) {
            return Need.POST_ALERTS;
        }
        return Need.OPERATE; // approve, reject, pause, resume, retry or drop a dead letter, every console form
    }
}
