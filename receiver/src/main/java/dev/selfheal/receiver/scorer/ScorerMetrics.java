package dev.selfheal.receiver.scorer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code selfheal_scorer_requests_total{replica, role, outcome}}: every request to a scorer
 * replica. role: {@code owner} (the series' rendezvous owner) or {@code stand_in}; outcome:
 * {@code answered} (2xx), {@code refused} (4xx), {@code failed} (5xx), {@code unreachable}
 * (connection refused, I/O error, timeout).
 */
@ApplicationScoped
public class ScorerMetrics {

    public static final String OWNER = "owner";
    public static final String STAND_IN = "stand_in";

    private final MeterRegistry registry;

    public ScorerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String replica, String role, String outcome) {
        Counter.builder("selfheal_scorer_requests")
                .description("requests to scorer replicas by role (owner or stand-in) and outcome")
                .tag("replica", ReplicaUrls.display(replica)).tag("role", role).tag("outcome", outcome)
                .register(registry).increment();
    }

    static String outcome(int status) {
        return status >= 500 ? "failed" : status >= 400 ? "refused" : "answered";
    }
}
