package dev.selfheal.scorer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.config.ScorerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/v1/score}: is the latest point of each series anomalous?
 *
 * <p>A request that needs no waiting (its query's window was fetched less than a step before, its
 * series' states are at its {@code end}) is answered on the I/O thread. Every other request runs
 * on a worker thread: a query request waits on Prometheus and on its series' replay (up to the
 * wait budget), and an inline request replays its points, training a model when they are more
 * than the training plan's first count.
 */
@Path("/api/v1/score")
public class ScoreResource {

    private final ScoringService scoring;
    private final ObjectMapper mapper;
    private final ScorerConfig config;
    private final Clock clock;
    private final Timer timer;

    public ScoreResource(ScoringService scoring, ObjectMapper mapper, ScorerConfig config, Clock clock,
                         MeterRegistry meters) {
        this.scoring = scoring;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
        this.timer = Timer.builder("selfheal.scorer.score.duration").description("Time to score a request")
                .publishPercentileHistogram().register(meters);
    }

    /** What one request may cost Prometheus: its window and its number of points. */
    private void bound(ScoreRequest request) {
        if (request.inline()) {
            return;
        }
        if (request.window().compareTo(config.scoring().maxWindow()) > 0) {
            throw new ApiException(400, "invalid_request", "window " + PromDuration.format(request.window())
                    + " is longer than this scorer serves (SELFHEAL_SCORING_MAX_WINDOW="
                    + PromDuration.format(config.scoring().maxWindow()) + ")");
        }
        if (request.step().isZero() || request.step().isNegative()) {
            throw new ApiException(400, "invalid_request", "step must be over 0");
        }
        long points = request.window().toMillis() / request.step().toMillis();
        if (points > config.scoring().maxPoints()) {
            throw new ApiException(400, "invalid_request", "window / step is " + points + " points, over the "
                    + config.scoring().maxPoints() + " one request may ask for (SELFHEAL_SCORING_MAX_POINTS): "
                    + "use a longer step or a shorter window");
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ScoreResponse> score(byte[] body) {
        ScoreRequest request = ScoreRequest.parse(body, mapper, config.scoring().defaultWindow(),
                config.scoring().defaultStep(), clock.instant());
        bound(request);
        long started = System.nanoTime();
        ScoreResponse ready = scoring.ready(request);
        if (ready != null) {
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return Uni.createFrom().item(ready);
        }
        Uni<ScoreResponse> answer = Uni.createFrom().item(() -> timer.record(() -> scoring.score(request)));
        return answer.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
