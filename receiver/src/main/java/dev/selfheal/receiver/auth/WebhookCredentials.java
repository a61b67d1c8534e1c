package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The webhook's shared secret ({@code SELFHEAL_WEBHOOK_TOKEN}, or {@code SELFHEAL_WEBHOOK_TOKEN_FILE}
 * re-read on change), compared in constant time. Requests are refused while the file is empty or
 * unreadable. The secret itself is never logged or returned.
 */
@ApplicationScoped
public class WebhookCredentials {

    private final SecretSource token;

    public WebhookCredentials(ReceiverConfig config) {
        this.token = new SecretSource("webhook token", config.webhook().token(), config.webhook().tokenFile());
    }

    /** Whether any credential is configured (a token file counts even while it is unreadable). */
    public boolean configured() {
        return token.configured();
    }

    /** Constant-time check of a presented secret against the current token. */
    public boolean matches(String presented) {
        Optional<String> current = current();
        if (current.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(current.get()), sha256(presented));
    }

    Optional<String> current() {
        return token.current();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
