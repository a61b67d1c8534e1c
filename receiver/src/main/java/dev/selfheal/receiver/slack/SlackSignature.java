package dev.selfheal.receiver.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature (https://api.slack.com/authentication/verifying-requests-from-slack):
 * {@code X-Slack-Signature} is {@code v0=} and the hex HMAC-SHA256, with the signing secret, of
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>}; compared in constant time. A timestamp more
 * than five minutes from now is refused whatever the signature, so a captured request cannot be
 * replayed later. Pure: the caller gives the time.
 */
public final class SlackSignature {

    public enum Check { VALID, STALE, FORGED }

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    public static Check check(String secret, String timestamp, String signature, byte[] body, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            return Check.STALE;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Check.STALE;
        }
        if (signature == null) {
            return Check.FORGED;
        }
        byte[] expected = sign(secret, seconds, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))
                ? Check.VALID : Check.FORGED;
    }

    /** {@code v0=<hex>} for this timestamp and body (Slack's own algorithm; tests sign with it too). */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
