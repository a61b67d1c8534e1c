package dev.selfheal.receiver.domain;

/**
 * An alert of an accepted webhook that cannot be stored as an episode, with the reason. Its
 * {@code body} is a webhook of its own (the envelope and this one alert, ASCII-escaped JSON, so
 * any store holds it exactly) that an operator can re-drive once the cause is fixed.
 *
 * @param index       its place in the webhook's {@code alerts}
 * @param alertname   its alertname label when it could be read, else empty
 */
public record RejectedAlert(int index, String reason, String alertname, byte[] body) {
}
