package dev.selfheal.receiver.prometheus;

/** Prometheus could not be asked (unreachable, an error status) or refused the query; the message says which. */
public class PrometheusException extends RuntimeException {

    private final boolean unreachable;

    public PrometheusException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when Prometheus did not answer at all (connection refused, timeout, not Prometheus at that URL). */
    public boolean unreachable() {
        return unreachable;
    }
}
