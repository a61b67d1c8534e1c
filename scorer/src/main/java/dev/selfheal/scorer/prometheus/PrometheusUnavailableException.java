package dev.selfheal.scorer.prometheus;

/** Prometheus could not be reached, timed out or answered 5xx: try again later. */
public class PrometheusUnavailableException extends RuntimeException {
    public PrometheusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
