package dev.selfheal.scorer.prometheus;

/** Prometheus refused the query (bad_data and other 4xx): Prometheus' own message is kept. */
public class PrometheusQueryException extends RuntimeException {

    private final String errorType;

    public PrometheusQueryException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
