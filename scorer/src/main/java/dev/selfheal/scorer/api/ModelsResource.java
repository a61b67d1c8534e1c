package dev.selfheal.scorer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelEntry;
import dev.selfheal.scorer.model.ModelRegistry;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/models} and {@code POST /api/v1/models/train}. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelRegistry registry;
    private final PrometheusClient prometheus;
    private final ScoringService scoring;
    private final ObjectMapper mapper;
    private final ScorerConfig config;
    private final Clock clock;

    public ModelsResource(ModelRegistry registry, PrometheusClient prometheus, ScoringService scoring,
                          ObjectMapper mapper, ScorerConfig config, Clock clock) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.scoring = scoring;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String id, String query, Map<String, String> labels, String status, Integer version,
                            Instant trainedAt, Integer trainingPoints, Progress training, String error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(String state, int epoch, int epochs, Double loss) {
    }

    static ModelView view(ModelEntry e) {
        DetectorModel m = e.model();
        double loss = e.loss();
        return new ModelView(e.id(), e.query(), e.labels(), e.status().name(),
                m == null ? null : m.metadata().version(), m == null ? null : m.metadata().trainedAt(),
                m == null ? null : m.metadata().trainingPoints(),
                new Progress(e.training().name(), e.epoch(), e.epochs(), Double.isFinite(loss) ? loss : null),
                e.error());
    }

    @GET
    public Map<String, Object> list() {
        List<ModelView> models = registry.all().stream().map(ModelsResource::view)
                .sorted(Comparator.comparing(ModelView::id)).toList();
        return Map.of("loaded", registry.loaded(), "models", models);
    }

    /** Trains (or retrains) now every series the query returns, over {@code lookback} (default from config). */
    @POST
    @Path("/train")
    @Consumes(MediaType.WILDCARD)
    public Response train(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_request", "body is not valid JSON");
        }
        if (root == null || !root.path("query").isTextual() || root.path("query").asText().isBlank()) {
            throw new ApiException(400, "invalid_request", "body must be {\"query\": \"<PromQL>\", \"lookback\": \"24h\", \"step\": \"15s\"}");
        }
        String query = root.get("query").asText();
        Duration step = root.hasNonNull("step") ? PromDuration.parse(root.get("step").asText(), "step")
                : config.scoring().defaultStep();
        Duration lookback = root.hasNonNull("lookback") ? PromDuration.parse(root.get("lookback").asText(), "lookback")
                : config.training().lookback();
        Duration longest = step.multipliedBy(PrometheusClient.MAX_POINTS - 1);
        if (lookback.compareTo(longest) > 0) {
            throw new ApiException(400, "invalid_request", "lookback " + root.path("lookback").asText()
                    + " at step " + step.toSeconds() + "s is over Prometheus' 11,000 points");
        }
        Instant end = clock.instant();
        List<Series> series = prometheus.queryRange(query, end.minus(lookback), end, step);
        if (series.isEmpty()) {
            throw new ApiException(422, "no_data", "the query returned no series over the lookback");
        }
        List<ModelView> queued = series.stream().map(s -> {
            ModelEntry entry = registry.entry(SeriesRef.of(query + " @" + step.toSeconds() + "s", s.labels()));
            registry.requestTraining(entry, scoring.historyFromPrometheus(query, s.labels(), end, step));
            return view(entry);
        }).toList();
        return Response.accepted(Map.of("models", queued)).build();
    }
}
