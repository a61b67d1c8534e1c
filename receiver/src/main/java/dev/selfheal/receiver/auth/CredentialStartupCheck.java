package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Refuses to start without a credential, unless auth was turned off explicitly (then warns). */
@ApplicationScoped
public class CredentialStartupCheck {

    private static final Logger LOG = Logger.getLogger(CredentialStartupCheck.class);

    void onStart(@Observes StartupEvent event, ReceiverConfig config, WebhookCredentials credentials) {
        if (!config.webhook().authEnabled()) {
            LOG.warn("AUTHENTICATION IS OFF (selfheal.webhook.auth-enabled=false): anyone who reaches this port "
                    + "can post alerts and read episodes. Set SELFHEAL_WEBHOOK_TOKEN or SELFHEAL_WEBHOOK_TOKEN_FILE.");
            return;
        }
        if (!credentials.configured()) {
            throw new IllegalStateException("no webhook credential configured: set SELFHEAL_WEBHOOK_TOKEN or "
                    + "SELFHEAL_WEBHOOK_TOKEN_FILE, or turn auth off explicitly with SELFHEAL_WEBHOOK_AUTH_ENABLED=false");
        }
        if (credentials.current().isEmpty()) {
            LOG.warn("the webhook token file is empty or unreadable: every request is refused until it holds a token");
        }
    }
}
