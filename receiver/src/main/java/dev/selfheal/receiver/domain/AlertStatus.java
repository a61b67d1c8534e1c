package dev.selfheal.receiver.domain;

/** An alert's own status; a {@code firing} webhook may carry resolved alerts. */
public enum AlertStatus {
    FIRING, RESOLVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AlertStatus fromWire(String value) {
        return switch (value) {
            case "firing" -> FIRING;
            case "resolved" -> RESOLVED;
            default -> throw new IllegalArgumentException(value);
        };
    }
}
