package dev.selfheal.scorer.api;

import dev.selfheal.scorer.prometheus.PrometheusQueryException;
import dev.selfheal.scorer.prometheus.PrometheusUnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Prometheus down or 5xx: 503 (try later). Prometheus refused the query: 400 with its message. */
public class PrometheusErrorMappers {

    @ServerExceptionMapper
    public Response unavailable(PrometheusUnavailableException e) {
        return ApiExceptionMappers.error(503, "prometheus_unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response query(PrometheusQueryException e) {
        return ApiExceptionMappers.error(400, "prometheus_" + e.errorType(), e.getMessage());
    }
}
