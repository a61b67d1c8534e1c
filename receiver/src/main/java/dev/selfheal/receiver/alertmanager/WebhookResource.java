package dev.selfheal.receiver.alertmanager;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.WebhookMessage;
import dev.selfheal.receiver.episode.AcceptedWebhook;
import dev.selfheal.receiver.episode.DeadLetter;
import dev.selfheal.receiver.episode.DeadLetters;
import dev.selfheal.receiver.episode.GroupCommit;
import dev.selfheal.receiver.episode.IntakeOutcome;
import dev.selfheal.receiver.metrics.IntakeMetrics;
import dev.selfheal.receiver.pipeline.PipelineWorker;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/alerts}: Alertmanager's webhook. The answer is a contract with Alertmanager:
 * 2xx only once the webhook is durable (its episodes committed, or, with the intake journal, the
 * webhook forced to the journal's file; a duplicate too), 4xx for a body it must not re-send, 503
 * only when the store is down and a re-send is wanted. An alert the store cannot keep is rejected
 * alone: the 2xx names it, and it is kept as a dead letter ({@code /api/v1/intake/dead-letters}).
 */
@Path("/api/v1/alerts")
public class WebhookResource {

    private final WebhookParser parser;
    private final GroupCommit intake;
    private final IntakeMetrics metrics;
    private final ReceiverConfig config;
    private final PipelineWorker worker;
    private final Clock clock;
    private final DeadLetters deadLetters;

    public WebhookResource(WebhookParser parser, GroupCommit intake, IntakeMetrics metrics, ReceiverConfig config,
                           PipelineWorker worker, Clock clock, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.worker = worker;
        this.clock = clock;
        this.parser = parser;
        this.intake = intake;
        this.metrics = metrics;
        this.config = config;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> receive(HttpHeaders headers, byte[] body) {
        requireJson(headers.getMediaType());
        int limit = config.webhook().maxBodyBytes();
        if (body.length > limit) {
            throw new ApiException(413, "body_too_large",
                    "webhook body of " + body.length + " bytes is over the limit of " + limit + " bytes");
        }
        WebhookMessage message = parser.parse(body);
        IntakeOutcome outcome = intake.record(new AcceptedWebhook(message, body, Instant.now(clock)));
        message.alerts().forEach(alert -> metrics.received(alert.status()));
        metrics.recorded(outcome.recorded());
        metrics.duplicates(outcome.duplicates());
        metrics.truncated(message.truncatedAlerts());
        deadLetters.committed(DeadLetter.KIND_ALERT, outcome.deadLetters());
        if (outcome.enqueued() > 0) {
            worker.nudge(); // new work was committed: start on it now rather than at the next tick
        }
        return answer(message, outcome);
    }

    /** The 2xx body: the counts (or {@code queued}), and each rejected alert with its reason. */
    static Map<String, Object> answer(WebhookMessage message, IntakeOutcome outcome) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("alerts", message.size());
        if (outcome.queued()) {
            answer.put("queued", true);
        } else {
            answer.put("recorded", outcome.recorded());
            answer.put("duplicates", outcome.duplicates());
        }
        answer.put("truncatedAlerts", message.truncatedAlerts());
        answer.put("rejected", message.rejected().stream()
                .map(r -> Map.of("index", r.index(), "reason", r.reason(), "deadLetter", true)).toList());
        return answer;
    }

    private static void requireJson(MediaType type) {
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType()
                || type.isWildcardSubtype()) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'"));
        }
    }
}
