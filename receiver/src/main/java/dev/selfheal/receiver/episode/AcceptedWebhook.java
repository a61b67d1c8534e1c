package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.domain.WebhookMessage;
import java.time.Instant;

/**
 * A webhook that passed validation: what it says, the body as it came (what the journal keeps),
 * and when it was accepted (the time its deliveries are recorded at).
 */
public record AcceptedWebhook(WebhookMessage message, byte[] body, Instant acceptedAt) {
}
