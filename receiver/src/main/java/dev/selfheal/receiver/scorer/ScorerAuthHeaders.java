package dev.selfheal.receiver.scorer;

import dev.selfheal.receiver.auth.SecretSource;
import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds {@code Authorization: Bearer <SELFHEAL_SCORER_TOKEN>} (or the token file's current content)
 * to every request to the scorer; nothing when no token is configured (a scorer with auth off).
 */
@ApplicationScoped
public class ScorerAuthHeaders implements ClientHeadersFactory {

    private final SecretSource token;

    public ScorerAuthHeaders(ReceiverConfig config) {
        this.token = new SecretSource("scorer token", config.scorer().token(), config.scorer().tokenFile());
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        token.current().ifPresent(t -> headers.add("Authorization", "Bearer " + t));
        return headers;
    }
}
