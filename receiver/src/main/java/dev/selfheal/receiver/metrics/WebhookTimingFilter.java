package dev.selfheal.receiver.metrics;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Counts every webhook answer by status code (401, 413 and 415 too) and times it. */
public class WebhookTimingFilter {

    private static final String STARTED = WebhookTimingFilter.class.getName() + ".started";
    private static final String WEBHOOK_PATH = "/api/v1/alerts";

    private final IntakeMetrics metrics;

    public WebhookTimingFilter(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void finish(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().equals(WEBHOOK_PATH) && request.getProperty(STARTED) instanceof Long started) {
            metrics.answered(response.getStatus(), System.nanoTime() - started);
        }
    }
}
