package dev.selfheal.receiver.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Answers "did PagerDuty get this event?" for an event whose earlier attempt ended without an
 * answer (the receiver was killed while sending, or the request timed out), through the REST API
 * when a token is configured ({@code SELFHEAL_PAGERDUTY_REST_API_TOKEN[_FILE]}):
 * <ul>
 *   <li>trigger: an incident with this incident key exists (only the first trigger of a dedup_key
 *       can be told apart this way; the caller asks only for that one);</li>
 *   <li>acknowledge: the incident is acknowledged or resolved;</li>
 *   <li>resolve: the incident is resolved;</li>
 *   <li>change: a change event since the attempt whose custom_details name this episode and cause.</li>
 * </ul>
 * Without a token, or when the REST API cannot answer, the answer is {@link Answer#UNKNOWN}.
 */
@ApplicationScoped
public class PagerDutyLookup {

    public enum Answer { RECEIVED, NOT_RECEIVED, UNKNOWN }

    static final int PAGES = 10;
    static final int PAGE = 100;

    private final PagerDutyRestApi api;
    private final ObjectMapper mapper;
    private final ReceiverConfig.PagerDuty config;
    private final Clock clock;

    public PagerDutyLookup(@RestClient PagerDutyRestApi api, ObjectMapper mapper, ReceiverConfig config, Clock clock) {
        this.api = api;
        this.mapper = mapper;
        this.config = config.pagerduty();
        this.clock = clock;
    }

    /** Whether a REST API token is configured at all. */
    public boolean enabled() {
        return token().isPresent();
    }

    public Answer received(String eventAction, String dedupKey, long episodeId, String cause, OffsetDateTime attemptedAt) {
        Optional<String> token = token();
        if (token.isEmpty()) {
            return Answer.UNKNOWN;
        }
        String authorization = "Token token=" + token.get();
        try {
            if ("change".equals(eventAction)) {
                return changeEventSent(authorization, episodeId, cause, attemptedAt);
            }
            Optional<String> status = incidentStatus(authorization, dedupKey);
            if (status == null) {
                return Answer.UNKNOWN;
            }
            boolean arrived = switch (eventAction) {
                case "trigger" -> status.isPresent();
                case "acknowledge" -> status.filter(s -> s.equals("acknowledged") || s.equals("resolved")).isPresent();
                case "resolve" -> status.filter(s -> s.equals("resolved")).isPresent();
                default -> false;
            };
            return arrived ? Answer.RECEIVED : Answer.NOT_RECEIVED;
        } catch (ProcessingException | IOException e) {
            return Answer.UNKNOWN;
        }
    }

    /** The status of the incident with this key; empty when there is none; null when the API did not answer. */
    private Optional<String> incidentStatus(String authorization, String dedupKey) throws IOException {
        try (Response r = api.incidents(authorization, dedupKey, "all")) {
            if (r.getStatus() != 200) {
                return null;
            }
            JsonNode incidents = mapper.readTree(r.readEntity(String.class)).path("incidents");
            for (JsonNode incident : incidents) {
                if (dedupKey.equals(incident.path("incident_key").asText(dedupKey))) {
                    return Optional.of(incident.path("status").asText(""));
                }
            }
            return Optional.empty();
        }
    }

    private Answer changeEventSent(String authorization, long episodeId, String cause, OffsetDateTime attemptedAt)
            throws IOException {
        OffsetDateTime since = (attemptedAt == null ? OffsetDateTime.now(clock).minusDays(1) : attemptedAt)
                .minus(Duration.ofMinutes(5)).withOffsetSameInstant(ZoneOffset.UTC);
        String until = OffsetDateTime.now(clock).plusMinutes(5).withOffsetSameInstant(ZoneOffset.UTC).toString();
        for (int page = 0; page < PAGES; page++) {
            try (Response r = api.changeEvents(authorization, since.toString(), until, PAGE, page * PAGE)) {
                if (r.getStatus() != 200) {
                    return Answer.UNKNOWN;
                }
                JsonNode answer = mapper.readTree(r.readEntity(String.class));
                for (JsonNode event : answer.path("change_events")) {
                    JsonNode details = event.path("custom_details");
                    if (details.path("episode").asLong(-1) == episodeId && cause.equals(details.path("event").asText())) {
                        return Answer.RECEIVED;
                    }
                }
                if (!answer.path("more").asBoolean(false)) {
                    return Answer.NOT_RECEIVED;
                }
            }
        }
        return Answer.UNKNOWN; // more change events in the window than this looks through
    }

    private Optional<String> token() {
        if (config.restApiTokenFile().isPresent()) {
            try {
                return Optional.of(Files.readString(config.restApiTokenFile().get()).strip()).filter(t -> !t.isEmpty());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return config.restApiToken().map(String::strip).filter(t -> !t.isEmpty());
    }
}
