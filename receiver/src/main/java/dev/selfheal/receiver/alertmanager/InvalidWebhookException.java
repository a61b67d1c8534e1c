package dev.selfheal.receiver.alertmanager;

import dev.selfheal.receiver.api.ApiException;

/** A webhook body that Alertmanager must not send again: answered with 400. */
public class InvalidWebhookException extends ApiException {
    public InvalidWebhookException(String message) {
        super(400, "invalid_webhook", message);
    }
}
