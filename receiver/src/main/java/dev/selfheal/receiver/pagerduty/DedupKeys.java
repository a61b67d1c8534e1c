package dev.selfheal.receiver.pagerduty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The incident's dedup_key: a hex SHA-256 of the installation id, the alert's fingerprint and its
 * startsAt, so it is stable per episode (every replica and every retry computes the same key) and
 * two installations never collide.
 */
public final class DedupKeys {

    private DedupKeys() {
    }

    public static String forEpisode(String installationId, String fingerprint, long startsAtNanos) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((installationId + "\n" + fingerprint + "\n" + startsAtNanos)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
