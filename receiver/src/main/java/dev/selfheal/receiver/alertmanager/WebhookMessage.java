package dev.selfheal.receiver.alertmanager;

import java.util.List;

/** An Alertmanager webhook (version 4), validated; unknown fields were ignored. */
public record WebhookMessage(
        String receiver,
        String status,
        String groupKey,
        String externalUrl,
        int truncatedAlerts,
        List<WebhookAlert> alerts) {
}
