package dev.selfheal.scorer.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.config.ScorerConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fetches ranges from Prometheus and classifies what goes wrong: unreachable, timeouts and 5xx
 * are {@link PrometheusUnavailableException} (the caller answers 503); 4xx such as
 * {@code bad_data} are {@link PrometheusQueryException} with Prometheus' own message (400).
 */
@ApplicationScoped
public class PrometheusClient {

    private static final Logger LOG = Logger.getLogger(PrometheusClient.class);
    /** Prometheus refuses ranges of more than 11,000 points per series. */
    public static final long MAX_POINTS = 11_000;

    private final PrometheusApi api;
    private final ObjectMapper mapper;

    public PrometheusClient(ScorerConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        long timeout = config.prometheusTimeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(config.prometheusUrl())
                .connectTimeout(Math.min(timeout, 5000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                // Every status is classified here, not turned into exceptions by the client.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(PrometheusApi.class);
    }

    public List<Series> queryRange(String query, Instant start, Instant end, Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new PrometheusQueryException("bad_data", "step must be positive");
        }
        long points = Duration.between(start, end).toMillis() / step.toMillis() + 1;
        if (points > MAX_POINTS) {
            throw new PrometheusQueryException("bad_data", "a range of " + points + " points is over Prometheus' limit of "
                    + MAX_POINTS + ": widen the step or shorten the window");
        }
        Response response;
        try {
            response = api.queryRange(query, seconds(start), seconds(end), seconds(step));
        } catch (ProcessingException e) {
            LOG.warnf("Prometheus unreachable: %s", e.getMessage());
            throw new PrometheusUnavailableException("Prometheus is unreachable: " + rootMessage(e), e);
        }
        try (response) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            // 400 (bad_data) and 422 (execution) are the query's fault; any other status means
            // Prometheus is down, overloaded or not at the configured URL.
            if (status >= 500 || (status >= 300 && status != 400 && status != 422)) {
                throw new PrometheusUnavailableException("Prometheus answered " + status, null);
            }
            JsonNode root = parse(body, status);
            if (status >= 400 || !"success".equals(root.path("status").asText())) {
                throw new PrometheusQueryException(root.path("errorType").asText("bad_data"),
                        root.path("error").asText("Prometheus answered " + status));
            }
            JsonNode data = root.path("data");
            if (!"matrix".equals(data.path("resultType").asText())) {
                throw new PrometheusQueryException("bad_data", "expected a range vector (matrix), got "
                        + data.path("resultType").asText("nothing"));
            }
            return MatrixParser.parse(data.get("result"), "data.result");
        } catch (ProcessingException e) {
            throw new PrometheusUnavailableException("Prometheus' answer could not be read: " + rootMessage(e), e);
        }
    }

    private JsonNode parse(String body, int status) {
        try {
            return mapper.readTree(body);
        } catch (java.io.IOException e) {
            if (status >= 400) {
                throw new PrometheusQueryException("bad_data", "Prometheus answered " + status);
            }
            throw new PrometheusUnavailableException("Prometheus answered with something that is not JSON", e);
        }
    }

    static String seconds(Instant instant) {
        return String.format(Locale.ROOT, "%.3f", instant.toEpochMilli() / 1000.0);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
