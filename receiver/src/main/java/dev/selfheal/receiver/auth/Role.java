package dev.selfheal.receiver.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what. {@code WEBHOOK} is Alertmanager's token: it posts alerts and reads the API,
 * nothing that changes what selfheal does. {@code VIEWER} reads. {@code OPERATOR} reads, approves,
 * rejects, pauses and resumes.
 */
public enum Role {
    WEBHOOK, VIEWER, OPERATOR;

    /** A role an operators file may give (viewer, operator); the webhook role comes from the token only. */
    static Optional<Role> ofFile(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "viewer" -> Optional.of(VIEWER);
            case "operator" -> Optional.of(OPERATOR);
            default -> Optional.empty();
        };
    }

    public boolean may(Access.Need need) {
        return switch (need) {
            case OPEN, READ -> true;
            case POST_ALERTS -> this == WEBHOOK || this == OPERATOR;
            case OPERATE -> this == OPERATOR;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
