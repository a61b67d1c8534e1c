package dev.selfheal.receiver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The receiver's configuration root. Every key can be set as an environment variable
 * (for example {@code selfheal.webhook.token} as {@code SELFHEAL_WEBHOOK_TOKEN}).
 */
@ConfigMapping(prefix = "selfheal")
public interface ReceiverConfig {

    /** Directory that holds the embedded H2 database when no PostgreSQL URL is configured. */
    @WithDefault("./data")
    String dataDir();

    /** The Alertmanager webhook intake. */
    Webhook webhook();

    /** The playbooks file ({@code SELFHEAL_PLAYBOOKS}); re-read when it changes. */
    @WithDefault("playbooks.yml")
    Path playbooks();

    /** How often the playbooks file is checked for changes. */
    @WithDefault("5s")
    java.time.Duration playbooksCheckEvery();

    /** The asynchronous pipeline. */
    Pipeline pipeline();

    interface Pipeline {
        /** How often workers look for due work. */
        @WithDefault("1s")
        java.time.Duration pollEvery();
    }

    /** The scorer that confirms alerts. */
    Scorer scorer();

    interface Scorer {
        /** The scorer's base URL ({@code SELFHEAL_SCORER_URL}). */
        @WithDefault("http://127.0.0.1:8081")
        String url();
    }

    interface Webhook {

        /**
         * Shared secret that Alertmanager sends as {@code Authorization: Bearer <token>}, or as the
         * password of HTTP basic auth. Never logged.
         */
        Optional<String> token();

        /**
         * File holding the token, re-read when it changes, as Alertmanager re-reads its
         * {@code credentials_file}. Takes precedence over {@link #token()}.
         */
        Optional<Path> tokenFile();

        /** When HTTP basic auth is used, the user name that must accompany the token; any user when unset. */
        Optional<String> basicUsername();

        /**
         * Authentication of the webhook and the episodes API. Turning it off is only for a laptop:
         * the receiver then warns at every start.
         */
        @WithDefault("true")
        boolean authEnabled();

        /** Largest webhook body accepted, in bytes; larger bodies get 413. */
        @WithDefault("1048576")
        @Min(1024)
        @Max(33554432)
        int maxBodyBytes();
    }
}
