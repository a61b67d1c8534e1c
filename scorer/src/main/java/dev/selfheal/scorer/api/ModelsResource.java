package dev.selfheal.scorer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelStatus;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.prometheus.Series;
import dev.selfheal.scorer.replay.SeriesState;
import dev.selfheal.scorer.replay.SeriesSummary;
import dev.selfheal.scorer.replay.SeriesStates;
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

/**
 * {@code GET /api/v1/models}: every series state with its model; {@code POST /api/v1/models/train}:
 * replay now every series a query returns (training as the plan says), so a first alert finds a
 * model (the receiver asks this for its playbooks' confirm queries).
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final SeriesStates states;
    private final PrometheusClient prometheus;
    private final ObjectMapper mapper;
    private final ScorerConfig config;
    private final Clock clock;

    public ModelsResource(SeriesStates states, PrometheusClient prometheus, ObjectMapper mapper, ScorerConfig config,
                          Clock clock) {
        this.states = states;
        this.prometheus = prometheus;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param status      PENDING (replaying, no model yet), READY, FAILED (the last replay failed), FALLBACK
     *                    (replayed; too few points for a model yet)
     * @param pointsSeen  points the detector has seen since the series' first point
     * @param nextTraining points seen at which the next model version is trained
     * @param leftOutPoints points of the model's span left out of its training and calibration as the
     *                    series' own past anomalous events
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String id, String query, Map<String, String> labels, double stepSeconds, String status,
                            Integer version, Instant trainedAt, Integer trainingPoints, Integer leftOutPoints,
                            long pointsSeen,
                            long nextTraining, Instant lastPoint, boolean replaying, boolean resident, String error) {
    }

    /**
     * A series as listed: from its detector when resident, else from the summary saved with its state
     * ({@code resident: false}; it comes back into memory on its next request).
     */
    static ModelView view(SeriesState s) {
        SeriesSummary d = s.summary();
        boolean resident = s.resident();
        String status = d.hasModel() ? ModelStatus.READY.name() : s.error() != null ? ModelStatus.FAILED.name()
                : s.running() || d.pointsSeen() == 0 ? ModelStatus.PENDING.name() : ModelStatus.FALLBACK.name();
        String error = s.error() != null ? s.error() : d.trainingError();
        return new ModelView(s.ref().id(), s.query(), s.ref().labels(), s.stepMillis() / 1000.0, status,
                d.version(), d.trainedAt(), d.trainingPoints(), d.leftOutPoints(), d.pointsSeen(), d.nextTraining(),
                d.lastPoint() == null ? null : Instant.ofEpochMilli(d.lastPoint()), s.running(), resident, error);
    }

    @GET
    public Map<String, Object> list() {
        List<ModelView> models = states.all().stream().map(ModelsResource::view)
                .sorted(Comparator.comparing(ModelView::id)).toList();
        return Map.of("loaded", states.loaded(), "models", models);
    }

    /** Replays now (in the background) every series the query returns, at {@code step}. */
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
            throw new ApiException(400, "invalid_request", "body must be {\"query\": \"<PromQL>\", \"step\": \"15s\"}");
        }
        String query = root.get("query").asText();
        Duration step = root.hasNonNull("step") ? PromDuration.parse(root.get("step").asText(), "step")
                : config.scoring().defaultStep();
        Instant end = clock.instant();
        Duration window = config.scoring().defaultWindow();
        if (window.toMillis() / step.toMillis() + 1 > PrometheusClient.MAX_POINTS) {
            window = step.multipliedBy(PrometheusClient.MAX_POINTS - 1);
        }
        List<Series> series = prometheus.queryRange(query, end.minus(window), end, step);
        if (series.isEmpty()) {
            throw new ApiException(422, "no_data", "the query returned no series");
        }
        if (series.size() > config.scoring().maxSeries()) {
            throw new ApiException(422, "too_many_series", series.size() + " series; at most "
                    + config.scoring().maxSeries() + " per query");
        }
        List<ModelView> queued = series.stream().map(s -> {
            SeriesState state = states.state(query, step, s.labels(), end.toEpochMilli());
            states.advance(state, end.toEpochMilli());
            return view(state);
        }).toList();
        return Response.accepted(Map.of("models", queued)).build();
    }
}
