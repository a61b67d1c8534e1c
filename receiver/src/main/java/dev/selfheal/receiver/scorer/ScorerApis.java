package dev.selfheal.receiver.scorer;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One REST client per scorer replica, built once and cached: a connect timeout of 1 s (a dead
 * node is a stand-in's business quickly), a read timeout of 12 s (over the scorer's replay wait
 * budget, SELFHEAL_TRAINING_WAIT_BUDGET, 10 s, so a cold series answers from a model), the bearer
 * token from {@link ScorerAuthHeaders}, and no default exception mapper: every status is
 * classified by the caller. Clients of replicas that left the list are closed.
 */
@ApplicationScoped
class ScorerApis {

    private static final Logger LOG = Logger.getLogger(ScorerApis.class);
    static final long CONNECT_TIMEOUT_MS = 1000;
    static final long READ_TIMEOUT_MS = 12000;

    private final ScorerAuthHeaders headers;
    private final Map<String, ScorerApi> clients = new ConcurrentHashMap<>();
    private volatile List<String> retained = List.of();

    ScorerApis(ScorerAuthHeaders headers) {
        this.headers = headers;
    }

    ScorerApi of(String baseUrl) {
        return clients.computeIfAbsent(baseUrl, this::build);
    }

    /** Closes the clients of replicas no longer in the list (a pod gone from the headless Service). */
    void retain(List<String> current) {
        if (current == retained) {
            return;
        }
        retained = current;
        clients.entrySet().removeIf(e -> {
            if (current.contains(e.getKey())) {
                return false;
            }
            close(e.getKey(), e.getValue());
            return true;
        });
    }

    private ScorerApi build(String baseUrl) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(baseUrl))
                .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .clientHeadersFactory(headers)
                .disableDefaultMapper(true)
                .build(ScorerApi.class);
    }

    private static void close(String baseUrl, ScorerApi api) {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debugf("closing the client of %s: %s", ReplicaUrls.display(baseUrl), e.getMessage());
            }
        }
    }
}
