package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An intake dead letter as the API shows it. {@code body} is the webhook to re-drive (JSON text,
 * or base64 when the bytes were not text), left out of listings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(long id, String kind, String status, String reason, String alertname, Integer alertIndex,
                         Long journalPosition, Instant createdAt, Instant updatedAt, Instant retriedAt,
                         String bodyEncoding, String body) {

    public static final String KIND_ALERT = "alert";
    public static final String KIND_WEBHOOK = "webhook";
    public static final String OPEN = "open";
    public static final String RETRIED = "retried";

    DeadLetter withoutBody() {
        return new DeadLetter(id, kind, status, reason, alertname, alertIndex, journalPosition, createdAt, updatedAt,
                retriedAt, bodyEncoding, null);
    }

    /** The body's bytes as they were accepted. */
    public byte[] bodyBytes() {
        return "base64".equals(bodyEncoding) ? java.util.Base64.getDecoder().decode(body)
                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
