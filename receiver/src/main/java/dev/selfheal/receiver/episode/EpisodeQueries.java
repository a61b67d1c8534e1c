package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.store.StoreUnavailableException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads episodes and their timelines for the API. */
@ApplicationScoped
public class EpisodeQueries {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, fingerprint, status, alertname, labels_json, annotations_json, "
            + "starts_at_ns, ends_at_ns, generator_url, external_url, created_at, updated_at";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public EpisodeQueries(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** Newest first (by startsAt); without timelines. */
    public List<Episode> list(Optional<String> status, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM episode"
                + (status.isPresent() ? " WHERE status = ?" : "")
                + " ORDER BY starts_at_ns DESC, id DESC FETCH FIRST ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get());
            }
            ps.setInt(i, limit);
            List<Episode> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(episode(rs, null));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreUnavailableException("episodes could not be read", e);
        }
    }

    /** The distinct label sets of episodes created since {@code since}, newest first, at most {@code limit} episodes read. */
    public List<Map<String, String>> recentLabels(java.time.Instant since, int limit) {
        String sql = "SELECT labels_json FROM episode WHERE created_at >= ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
            ps.setInt(2, limit);
            java.util.LinkedHashSet<Map<String, String>> result = new java.util.LinkedHashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(map(rs.getString("labels_json")));
                }
            }
            return List.copyOf(result);
        } catch (SQLException e) {
            throw new StoreUnavailableException("episodes could not be read", e);
        }
    }

    /** These episodes without timelines, in the order of {@code ids}. */
    public List<Episode> summaries(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM episode WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            Map<Long, Episode> byId = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Episode e = episode(rs, null);
                    byId.put(e.id(), e);
                }
            }
            return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
        } catch (SQLException e) {
            throw new StoreUnavailableException("episodes could not be read", e);
        }
    }

    /** The episode without its timeline: what the pipeline's stages need. */
    public Optional<Episode> summary(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM episode WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(episode(rs, null)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the episode could not be read", e);
        }
    }

    public Optional<Episode> find(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM episode WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(episode(rs, timeline(c, id))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the episode could not be read", e);
        }
    }

    private List<TimelineEntry> timeline(Connection c, long episodeId) throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT received_at, status, ends_at_ns, group_key, receiver, truncated_alerts FROM alert_delivery "
                        + "WHERE episode_id = ? ORDER BY received_at, id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry.Delivery(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(2), Times.optionalFromNanos(rs.getLong(3)).orElse(null), rs.getString(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT decided_at, playbook, kind, reason, score, query, "
                + "scorer_model, scorer_evidence, waited_until FROM episode_decision WHERE episode_id = ? "
                + "ORDER BY decided_at, id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Double score = rs.getDouble(5);
                    if (rs.wasNull()) { // the scorer gave no score
                        score = null;
                    }
                    entries.add(new TimelineEntry.Decision(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(2), rs.getString(4), score, rs.getString(6), rs.getString(7),
                            rs.getString(8), Optional.ofNullable(rs.getObject(9, OffsetDateTime.class))
                                    .map(OffsetDateTime::toInstant).orElse(null)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT started_at, playbook, state, detail, target, action_type, "
                + "before_state, after_state FROM action_execution WHERE episode_id = ? ORDER BY started_at, id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry.Action(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(2), rs.getString(4), rs.getString(6) + " " + rs.getString(5),
                            rs.getString(7), rs.getString(8)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT updated_at, id, playbook, state, outcome, approval "
                + "FROM remediation WHERE episode_id = ? ORDER BY id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String outcome = rs.getString(5);
                    String approval = rs.getString(6);
                    String shown = approval == null ? outcome : outcome == null || outcome.startsWith(approval
                            .substring(0, approval.indexOf(" at "))) ? approval : outcome + "; " + approval;
                    entries.add(new TimelineEntry.Remediation(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(4), rs.getString(3), shown, rs.getLong(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT checked_at, playbook, healed, detail, scorer_back_at "
                + "FROM verification WHERE episode_id = ? ORDER BY id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime back = rs.getObject(5, OffsetDateTime.class);
                    entries.add(new TimelineEntry.Verification(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getBoolean(3) ? "healed" : "not-healed", rs.getString(2), rs.getString(4),
                            back == null ? null : back.toInstant()));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, playbook, event_action, state, dedup_key "
                + "FROM pagerduty_outbox WHERE episode_id = ? ORDER BY id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry.PagerDuty(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(2), rs.getString(4).toLowerCase(java.util.Locale.ROOT),
                            rs.getString(5)));
                }
            }
        }
        entries.sort(java.util.Comparator.comparing(TimelineEntry::at));
        return entries;
    }

    private Episode episode(ResultSet rs, List<TimelineEntry> timeline) throws SQLException {
        return new Episode(rs.getLong("id"), rs.getString("fingerprint"), rs.getString("status"),
                rs.getString("alertname"), map(rs.getString("labels_json")), map(rs.getString("annotations_json")),
                Times.fromNanos(rs.getLong("starts_at_ns")),
                Times.optionalFromNanos(rs.getLong("ends_at_ns")).orElse(null), rs.getString("generator_url"),
                rs.getString("external_url"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), timeline);
    }

    private Map<String, String> map(String json) {
        try {
            return mapper.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON", e);
        }
    }
}
