package dev.selfheal.receiver.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key from configuration ({@link SecretSource}, re-read on change), or, when none is
 * configured or it cannot be read, a random key of this process: what it signs then stops being
 * valid at a restart and on another replica.
 */
final class HmacKey {

    private final SecretSource key;
    private final byte[] fallback = new byte[32];

    HmacKey(SecretSource key) {
        this.key = key;
        new SecureRandom().nextBytes(fallback);
    }

    boolean configured() {
        return key.configured();
    }

    byte[] sign(String text) {
        byte[] secret = key.current().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(fallback);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
