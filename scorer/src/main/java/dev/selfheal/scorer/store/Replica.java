package dev.selfheal.scorer.store;

import java.net.InetAddress;
import java.util.Optional;

/**
 * This scorer replica's name, the holder of the leases it takes: {@code SELFHEAL_SCORER_REPLICA}
 * (the chart sets the pod's name), or else host name and process id.
 */
public record Replica(String name) {

    static final int MAX_LENGTH = 200;

    public Replica {
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a replica's name (SELFHEAL_SCORER_REPLICA) is 1 to " + MAX_LENGTH
                    + " characters, not blank");
        }
    }

    /** The configured name, or host name + ":" + process id. */
    static Replica of(Optional<String> configured) {
        return new Replica(configured.map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(() -> host() + ":" + ProcessHandle.current().pid()));
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
