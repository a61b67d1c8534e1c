package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.auth.SecretSource;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.pagerduty.Delivery;
import dev.selfheal.receiver.pagerduty.PagerDutyClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Calls one Slack Web API method with the bot token and classifies the answer
 * ({@link SlackAnswer#classify}). The token goes in the Authorization header and nowhere else;
 * error texts carry Slack's error word, never the token or the body.
 */
@ApplicationScoped
public class SlackClient {

    private static final Logger LOG = Logger.getLogger(SlackClient.class);

    private final SlackApi api;
    private final ObjectMapper mapper;
    private final SecretSource token;

    @Inject
    public SlackClient(@RestClient SlackApi api, ObjectMapper mapper, ReceiverConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.token = new SecretSource("Slack bot token", config.slack().botToken(), config.slack().botTokenFile());
        if (!token.configured()) {
            LOG.debug("no SELFHEAL_SLACK_BOT_TOKEN: Slack messages wait in the outbox");
        }
    }

    /** Whether a bot token is configured (a file counts even while it cannot be read). */
    public boolean configured() {
        return token.configured();
    }

    /** Whether a bot token can be read now. */
    public boolean ready() {
        return token.current().isPresent();
    }

    /** A method that writes (chat.postMessage, chat.update, chat.postEphemeral), with a JSON body. */
    public SlackAnswer post(String method, ObjectNode args) {
        return call(method, false, write(args));
    }

    /** A method that reads (conversations.history), with form fields. */
    public SlackAnswer read(String method, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return call(method, true, form);
    }

    private SlackAnswer call(String method, boolean form, String body) {
        Optional<String> bearer = token.current();
        if (bearer.isEmpty()) {
            return new SlackAnswer(new Delivery(Delivery.Result.RETRY, 0, "no Slack bot token configured"),
                    MissingNode.getInstance(), Duration.ZERO);
        }
        String authorization = "Bearer " + bearer.get();
        try (Response r = form ? api.form(method, authorization, body) : api.json(method, authorization, body)) {
            int status = r.getStatus();
            JsonNode answer = parse(r.hasEntity() ? r.readEntity(String.class) : "");
            boolean ok = answer.path("ok").asBoolean(false);
            String error = answer.path("error").asText(status == 200 ? "no ok in the answer" : "");
            Delivery.Result result = SlackAnswer.classify(status, ok, error);
            String detail = ok ? "Slack answered ok" : "Slack answered " + status + (error.isEmpty() ? "" : ": " + error);
            return new SlackAnswer(new Delivery(result, status, detail), answer, retryAfter(r));
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return SlackAnswer.unreachable("Slack could not be reached: " + cause.getClass().getSimpleName(),
                    !PagerDutyClient.notConnected(e));
        }
    }

    /** Slack's Retry-After, in seconds (https://api.slack.com/docs/rate-limits); zero when absent. */
    static Duration retryAfter(Response r) {
        String value = r.getHeaderString("Retry-After");
        try {
            return value == null ? Duration.ZERO : Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private JsonNode parse(String text) {
        try {
            return text.isBlank() ? MissingNode.getInstance() : mapper.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a Slack message always serialises", e);
        }
    }
}
