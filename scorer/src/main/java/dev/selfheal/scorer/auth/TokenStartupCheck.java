package dev.selfheal.scorer.auth;

import dev.selfheal.scorer.config.ScorerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Refuses to start without a token, unless auth was turned off explicitly (then warns), as the receiver does. */
@ApplicationScoped
public class TokenStartupCheck {

    private static final Logger LOG = Logger.getLogger(TokenStartupCheck.class);

    void onStart(@Observes StartupEvent event, ScorerConfig config, ScorerToken token) {
        if (!config.scorerAuthEnabled()) {
            LOG.warn("AUTHENTICATION IS OFF (SELFHEAL_SCORER_AUTH_ENABLED=false): anyone who reaches this port can "
                    + "make the scorer query Prometheus. Set SELFHEAL_SCORER_TOKEN or SELFHEAL_SCORER_TOKEN_FILE.");
            return;
        }
        if (!token.configured()) {
            throw new IllegalStateException("no scorer token configured: set SELFHEAL_SCORER_TOKEN or "
                    + "SELFHEAL_SCORER_TOKEN_FILE (the receiver sends the same), or turn auth off explicitly with "
                    + "SELFHEAL_SCORER_AUTH_ENABLED=false");
        }
        if (token.current() == null) {
            LOG.warn("the scorer token file is empty or unreadable: every API request is refused until it holds a token");
        }
    }
}
