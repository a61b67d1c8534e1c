package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers "is this message in the channel already?" for a post whose earlier attempt had no answer
 * (the receiver was killed while posting, or the request timed out): conversations.history since
 * shortly before that attempt, with every message's metadata
 * (https://api.slack.com/methods/conversations.history), looking for the message whose metadata
 * carries its event key. Needs channels:history (groups:history for a private channel); when
 * Slack cannot tell, the answer is unknown.
 */
@ApplicationScoped
public class SlackLookup {

    /** RECEIVED carries the message's ts and channel ID. */
    public record Answer(Kind kind, String ts, String channelId) {
        public enum Kind { RECEIVED, NOT_RECEIVED, UNKNOWN }

        static final Answer NOT_RECEIVED = new Answer(Kind.NOT_RECEIVED, null, null);
        static final Answer UNKNOWN = new Answer(Kind.UNKNOWN, null, null);
    }

    static final int PAGES = 5;
    static final int PAGE = 200;

    private final SlackClient client;

    public SlackLookup(SlackClient client) {
        this.client = client;
    }

    public Answer posted(String channel, String eventKey, OffsetDateTime attemptedAt) {
        OffsetDateTime since = (attemptedAt == null ? OffsetDateTime.now().minusDays(1) : attemptedAt)
                .minus(Duration.ofMinutes(5));
        String cursor = "";
        for (int page = 0; page < PAGES; page++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("channel", channel);
            fields.put("oldest", since.toEpochSecond() + ".000000");
            fields.put("limit", String.valueOf(PAGE));
            fields.put("include_all_metadata", "true");
            if (!cursor.isEmpty()) {
                fields.put("cursor", cursor);
            }
            SlackAnswer answer = client.read("conversations.history", fields);
            if (!answer.ok()) {
                return Answer.UNKNOWN;
            }
            Optional<String> ts = find(answer.body(), eventKey);
            if (ts.isPresent()) {
                return new Answer(Answer.Kind.RECEIVED, ts.get(), channel);
            }
            cursor = answer.body().path("response_metadata").path("next_cursor").asText("");
            if (!answer.body().path("has_more").asBoolean(false) || cursor.isEmpty()) {
                return Answer.NOT_RECEIVED;
            }
        }
        return Answer.UNKNOWN; // more messages since the attempt than this looks through
    }

    private static Optional<String> find(JsonNode history, String eventKey) {
        for (JsonNode message : history.path("messages")) {
            JsonNode metadata = message.path("metadata");
            if (SlackMessages.EVENT_TYPE.equals(metadata.path("event_type").asText())
                    && eventKey.equals(metadata.path("event_payload").path("event_key").asText())) {
                return Optional.of(message.path("ts").asText());
            }
        }
        return Optional.empty();
    }
}
