package dev.selfheal.receiver.domain;

import java.util.List;

/**
 * An Alertmanager webhook (version 4), validated; unknown fields were ignored.
 *
 * @param alerts   the alerts the store can keep, in the webhook's order
 * @param rejected the alerts it cannot, each with its reason (they become dead letters)
 */
public record WebhookMessage(
        String receiver,
        String status,
        String groupKey,
        String externalUrl,
        int truncatedAlerts,
        List<WebhookAlert> alerts,
        List<RejectedAlert> rejected) {

    public WebhookMessage(String receiver, String status, String groupKey, String externalUrl, int truncatedAlerts,
                          List<WebhookAlert> alerts) {
        this(receiver, status, groupKey, externalUrl, truncatedAlerts, alerts, List.of());
    }

    /** Alerts in the webhook, kept or rejected. */
    public int size() {
        return alerts.size() + rejected.size();
    }
}
