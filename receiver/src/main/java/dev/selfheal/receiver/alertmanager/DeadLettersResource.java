package dev.selfheal.receiver.alertmanager;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.api.QueryParams;
import dev.selfheal.receiver.domain.WebhookMessage;
import dev.selfheal.receiver.episode.AcceptedWebhook;
import dev.selfheal.receiver.episode.DeadLetter;
import dev.selfheal.receiver.episode.DeadLetters;
import dev.selfheal.receiver.episode.GroupCommit;
import dev.selfheal.receiver.episode.IntakeOutcome;
import dev.selfheal.receiver.pipeline.PipelineWorker;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intake's dead letters: {@code GET /api/v1/intake/dead-letters[?status=open|retried&limit=]},
 * {@code GET …/{id}} (with the body), and {@code POST …/{id}/retry}, which sends the dead
 * letter's webhook through the intake again, once its cause is fixed (a limit raised, the store
 * mended). A body the intake still cannot keep gets 422 with the reason and stays open.
 */
@Path("/api/v1/intake/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    private static final int MAX_LIMIT = 1000;

    private final DeadLetters deadLetters;
    private final WebhookParser parser;
    private final GroupCommit intake;
    private final PipelineWorker worker;
    private final Clock clock;

    public DeadLettersResource(DeadLetters deadLetters, WebhookParser parser, GroupCommit intake,
                               PipelineWorker worker, Clock clock) {
        this.deadLetters = deadLetters;
        this.parser = parser;
        this.intake = intake;
        this.worker = worker;
        this.clock = clock;
    }

    @GET
    public Map<String, List<DeadLetter>> list(@QueryParam("status") String status,
                                              @QueryParam("limit") @DefaultValue("100") String limit) {
        if (status != null && !status.equals(DeadLetter.OPEN) && !status.equals(DeadLetter.RETRIED)) {
            throw new ApiException(400, "invalid_parameter", "status must be 'open' or 'retried'");
        }
        return Map.of("deadLetters", deadLetters.list(Optional.ofNullable(status), QueryParams.limit(limit, MAX_LIMIT)));
    }

    @GET
    @Path("{id}")
    public DeadLetter get(@PathParam("id") String id) {
        return find(id);
    }

    @POST
    @Path("{id}/retry")
    public Map<String, Object> retry(@PathParam("id") String id) {
        DeadLetter letter = find(id);
        byte[] body = letter.bodyBytes();
        WebhookMessage message;
        try {
            message = parser.parse(body);
        } catch (InvalidWebhookException e) {
            throw new ApiException(422, "still_invalid", "the dead letter still cannot be stored: " + e.getMessage());
        }
        Instant now = Instant.now(clock);
        if (!deadLetters.markRetried(letter.id(), now)) {
            throw new ApiException(409, "not_open", "dead letter " + letter.id() + " was already retried");
        }
        IntakeOutcome outcome;
        try {
            outcome = intake.record(new AcceptedWebhook(message, body, now));
        } catch (RuntimeException e) {
            deadLetters.reopen(letter.id(), now);
            throw e;
        }
        deadLetters.committed(DeadLetter.KIND_ALERT, outcome.deadLetters());
        if (outcome.enqueued() > 0) {
            worker.nudge();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", letter.id());
        answer.put("status", DeadLetter.RETRIED);
        answer.put("intake", WebhookResource.answer(message, outcome));
        return answer;
    }

    private DeadLetter find(String id) {
        long parsed = QueryParams.id(id, "dead letter id");
        return deadLetters.find(parsed)
                .orElseThrow(() -> new ApiException(404, "not_found", "no dead letter with id " + parsed));
    }
}
