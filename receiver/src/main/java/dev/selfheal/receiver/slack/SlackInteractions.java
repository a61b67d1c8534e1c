package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.api.ApiError;
import dev.selfheal.receiver.auth.Access;
import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.auth.LoginThrottle;
import dev.selfheal.receiver.auth.Operators;
import dev.selfheal.receiver.auth.SecretSource;
import dev.selfheal.receiver.config.ReceiverConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/slack/interactions}: Slack posts a click on an approval's button here
 * (form-encoded {@code payload}, https://api.slack.com/interactivity/handling). No bearer token or
 * session: Slack's signature alone authenticates it ({@link SlackSignature}; 404 when no signing
 * secret is set, 401 for a forged or stale request, nothing done). The Slack user is mapped to an
 * operator by the operators file's fourth field, and the approval is applied through the console's
 * own operation ({@link ApprovalDecisions}), naming them "from Slack"; the message is then updated
 * through the outbox. A replayed click, an expired or decided approval, a viewer or an unknown Slack
 * user change nothing and get a message only they see (chat.postEphemeral, sent after the answer,
 * so the answer stays within Slack's 3 seconds).
 */
@Path("/api/v1/slack/interactions")
public class SlackInteractions {

    private static final Logger LOG = Logger.getLogger(SlackInteractions.class);

    private final SecretSource secret;
    private final SlackReplays replays;
    private final Operators operators;
    private final ApprovalDecisions approvals;
    private final SlackClient client;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SlackInteractions(ReceiverConfig config, SlackReplays replays, Operators operators,
                             ApprovalDecisions approvals, SlackClient client, ObjectMapper mapper, Clock clock) {
        this.secret = new SecretSource("Slack signing secret", config.slack().signingSecret(),
                config.slack().signingSecretFile());
        this.replays = replays;
        this.operators = operators;
        this.approvals = approvals;
        this.client = client;
        this.mapper = mapper;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response click(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
                          @HeaderParam("X-Slack-Signature") String signature, byte[] body) {
        if (!secret.configured()) {
            return ApiError.response(404, "not_found", "Slack interactivity is off (no SELFHEAL_SLACK_SIGNING_SECRET)");
        }
        Optional<String> key = secret.current();
        if (key.isEmpty()) {
            return ApiError.response(503, "unavailable", "the Slack signing secret cannot be read");
        }
        SlackSignature.Check check = SlackSignature.check(key.get(), timestamp, signature, body, clock.instant());
        if (check != SlackSignature.Check.VALID) {
            LOG.warnf("Slack interaction refused: %s", check == SlackSignature.Check.STALE
                    ? "its timestamp is more than 5 minutes off" : "its signature is not Slack's");
            return ApiError.response(401, "unauthorized", check == SlackSignature.Check.STALE
                    ? "X-Slack-Request-Timestamp is more than 5 minutes off" : "X-Slack-Signature does not match");
        }
        JsonNode payload = payload(body);
        JsonNode action = payload.path("actions").path(0);
        String verb = action.path("action_id").asText("");
        String user = payload.path("user").path("id").asText("");
        String channel = payload.path("channel").path("id").asText("");
        if (!"block_actions".equals(payload.path("type").asText())
                || !(verb.equals(SlackMessages.APPROVE) || verb.equals(SlackMessages.REJECT))) {
            return Response.ok().build(); // not a click of ours: nothing to do
        }
        if (!replays.firstTime(signature)) {
            return tell(channel, user, "This click was already received; nothing changed.");
        }
        Optional<Caller> who = operators.bySlackUser(user);
        if (who.isEmpty()) {
            LOG.warnf("Slack click by %s, who is in no line of the operators file", LoginThrottle.printable(user));
            return tell(channel, user, "Your Slack user is not in selfheal's operators file, so selfheal cannot tell "
                    + "who you are there; nothing changed. (An operator's line ends with :" + LoginThrottle.printable(user) + ".)");
        }
        if (!who.get().role().may(Access.Need.OPERATE)) {
            return tell(channel, user, "You are " + who.get().name() + ", a " + who.get().role().wireName()
                    + " in selfheal: only an operator may approve or reject; nothing changed.");
        }
        long id;
        try {
            id = Long.parseLong(action.path("value").asText(""));
        } catch (NumberFormatException e) {
            return tell(channel, user, "This button names no approval; nothing changed.");
        }
        boolean approve = verb.equals(SlackMessages.APPROVE);
        ApprovalDecisions.Decided decided = approvals.decide(id, approve, who.get().name() + " from Slack");
        LOG.infof("Slack: %s %s approval %d: %s", who.get().name(), verb, id, decided.outcome());
        return switch (decided.outcome()) {
            case DONE -> Response.ok().build();
            case NOT_FOUND -> tell(channel, user, "Approval " + id + " no longer exists; nothing changed.");
            case NOT_WAITING -> tell(channel, user, "This approval is already " + decided.state().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + "; nothing changed.");
        };
    }

    /** Answers Slack at once; the message only this user sees goes after, on a worker. */
    private Response tell(String channel, String user, String text) {
        if (!channel.isEmpty() && !user.isEmpty()) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                SlackAnswer answer = client.post("chat.postEphemeral", mapper.createObjectNode().put("channel", channel)
                        .put("user", user).put("text", text));
                if (!answer.ok()) {
                    LOG.warnf("Slack: a message for %s could not be sent: %s", LoginThrottle.printable(user),
                            answer.delivery().detail());
                }
            });
        }
        return Response.ok().build();
    }

    private JsonNode payload(byte[] body) {
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("payload=")) {
                try {
                    return mapper.readTree(URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    break;
                }
            }
        }
        return mapper.createObjectNode();
    }
}
