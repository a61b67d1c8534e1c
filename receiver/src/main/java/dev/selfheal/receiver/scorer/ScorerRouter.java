package dev.selfheal.receiver.scorer;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends a request about a series to the scorer replica that owns it ({@link Rendezvous}), and
 * when the owner cannot answer (connection refused, I/O error, timeout, or a 5xx) to the next
 * replica in the series' rendezvous order: a stand-in, which loads the stored model and state. A
 * 4xx is a real answer (the query is wrong on every replica): no stand-in is asked. At most
 * {@value #MAX_REPLICAS_PER_CALL} replicas are asked per call (a scorer-wide 503, such as
 * Prometheus being down, is not asked of every replica); the caller's retries ask again.
 * With one replica this is exactly one request to it, as before.
 */
@ApplicationScoped
public class ScorerRouter {

    private static final Logger LOG = Logger.getLogger(ScorerRouter.class);
    static final int MAX_REPLICAS_PER_CALL = 3;

    private final ScorerReplicas replicas;
    private final ScorerApis apis;
    private final ScorerMetrics metrics;
    private final ReplicaHealth health;

    ScorerRouter(ScorerReplicas replicas, ScorerApis apis, ScorerMetrics metrics, ReceiverConfig config, Clock clock) {
        this.replicas = replicas;
        this.apis = apis;
        this.metrics = metrics;
        this.health = new ReplicaHealth(config.scorer().replicaDownFor(), clock);
    }

    /**
     * The first answer below 500, from the owner or a stand-in; when no replica asked gave one, the
     * last 5xx answer (the caller reads and closes it as any answer).
     *
     * @throws ScorerUnavailableException when no replica is known, or the last one asked could not be reached
     */
    Response call(String key, Function<ScorerApi, Response> request) {
        List<String> known = replicas.current();
        if (known.isEmpty()) {
            throw new ScorerUnavailableException("no scorer replica known: " + replicas.source()
                    + " has not resolved yet", null);
        }
        apis.retain(known);
        List<String> ranked = Rendezvous.order(key, known);
        String owner = ranked.get(0);
        List<String> asked = health.upFirst(ranked);
        asked = asked.subList(0, Math.min(MAX_REPLICAS_PER_CALL, asked.size()));
        String ownerTrouble = asked.get(0).equals(owner) ? null : "is marked down";
        Response failed = null;
        ScorerUnavailableException unreachable = null;
        for (String replica : asked) {
            String role = replica.equals(owner) ? ScorerMetrics.OWNER : ScorerMetrics.STAND_IN;
            Response response;
            try {
                response = request.apply(apis.of(replica));
            } catch (ProcessingException e) {
                metrics.request(replica, role, "unreachable");
                if (!Thread.currentThread().isInterrupted()) { // not our own caller's timeout
                    health.markDown(replica);
                }
                ownerTrouble = replica.equals(owner) ? "was unreachable (" + e.getMessage() + ")" : ownerTrouble;
                unreachable = new ScorerUnavailableException("the scorer is unreachable: " + e.getMessage(), e);
                failed = close(failed);
                continue;
            }
            int status = response.getStatus();
            metrics.request(replica, role, ScorerMetrics.outcome(status));
            health.markUp(replica);
            if (status >= 500) {
                ownerTrouble = replica.equals(owner) ? "answered " + status : ownerTrouble;
                close(failed);
                failed = response;
                unreachable = null;
                continue;
            }
            close(failed);
            if (!replica.equals(owner)) {
                LOG.infof("scorer stand-in %s answered (%s) for a series whose owner %s %s",
                        ReplicaUrls.display(replica), status, ReplicaUrls.display(owner), ownerTrouble);
            }
            return response;
        }
        if (unreachable != null) {
            throw unreachable;
        }
        return failed;
    }

    /** The per-replica down marks (tests clear them). */
    ReplicaHealth health() {
        return health;
    }

    private static Response close(Response response) {
        if (response != null) {
            response.close();
        }
        return null;
    }
}
