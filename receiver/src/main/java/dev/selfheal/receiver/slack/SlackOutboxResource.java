package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.api.QueryParams;
import dev.selfheal.receiver.pagerduty.OutboxDoubt;
import dev.selfheal.receiver.pagerduty.OutboxQueries;
import dev.selfheal.receiver.pagerduty.OutboxState;
import dev.selfheal.receiver.store.Transactions;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/slack/outbox?state=pending|delivered|dead&episode=ID&after=ID&limit=N}: what
 * was posted, what waits (and why: no token, rate limited), what died (not_in_channel,
 * channel_not_found, invalid_auth, ...), in id order. The token is never part of a message.
 */
@Path("/api/v1/slack/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class SlackOutboxResource {

    /** One message as the API shows it. */
    public record Message(long id, long episodeId, String playbook, String cause, String method, String channel,
                          String state, int attempts, Integer lastStatus, String lastError, String ts, Instant createdAt,
                          Instant deliveredAt, OutboxDoubt doubt, JsonNode body) {
    }

    private final Transactions transactions;
    private final OutboxQueries events;

    public SlackOutboxResource(Transactions transactions, OutboxQueries events) {
        this.transactions = transactions;
        this.events = events;
    }

    @GET
    public Map<String, List<Message>> list(@QueryParam("state") String state, @QueryParam("episode") String episode,
                                           @QueryParam("after") @DefaultValue("0") String after,
                                           @QueryParam("limit") @DefaultValue("100") String limit) {
        String wanted = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (wanted != null && List.of(OutboxState.values()).stream().noneMatch(s -> s.name().equals(wanted))) {
            throw new ApiException(400, "invalid_parameter", "state must be one of pending, delivered, dead");
        }
        long afterId = QueryParams.id(after, "after");
        Long episodeId = episode == null ? null : QueryParams.id(episode, "episode");
        int max = QueryParams.limit(limit, 1000);
        String sql = "SELECT id, episode_id, playbook, cause, method, channel, state, attempts, last_status, last_error, "
                + "ts, created_at, delivered_at, doubt, body FROM slack_outbox WHERE id > ?"
                + (wanted != null ? " AND state = ?" : "") + (episodeId != null ? " AND episode_id = ?" : "")
                + " ORDER BY id FETCH FIRST ? ROWS ONLY";
        return Map.of("messages", transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, afterId);
                if (wanted != null) {
                    ps.setString(i++, wanted);
                }
                if (episodeId != null) {
                    ps.setLong(i++, episodeId);
                }
                ps.setInt(i, max);
                List<Message> messages = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        messages.add(new Message(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                                OutboxQueries.nullableInt(rs, 9), rs.getString(10), rs.getString(11),
                                OutboxQueries.nullableInstant(rs, 12), OutboxQueries.nullableInstant(rs, 13),
                                OutboxQueries.doubt(rs, 14), events.json(rs.getString(15))));
                    }
                }
                return messages;
            }
        }));
    }
}
