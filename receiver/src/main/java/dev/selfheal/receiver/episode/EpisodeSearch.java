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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Episodes by filter, a page at a time, newest first, each with what the console's list shows
 * at a glance: the latest decision (its playbook, kind and reason) and the latest remediation's
 * state. Filters: status, alertname, playbook and decision (any decision of the episode), since
 * (created at or after).
 */
@ApplicationScoped
public class EpisodeSearch {

    /** Each filter is optional; {@code page} counts from 1. */
    public record Filter(Optional<String> status, Optional<String> alertname, Optional<String> playbook,
                         Optional<String> decision, Optional<Instant> since, int page, int limit) {
    }

    /** One row of the list. */
    public record Row(long id, String status, String alertname, Map<String, String> labels, Instant startsAt,
                      Instant endsAt, boolean test, String playbook, String decision, String reason, String outcome) {
    }

    public record Page(List<Row> rows, int page, boolean hasMore) {
    }

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public EpisodeSearch(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public Page search(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.status, e.alertname, e.labels_json, e.starts_at_ns, "
                + "e.ends_at_ns, d.playbook, d.kind, d.reason, "
                + "(SELECT r.state FROM remediation r WHERE r.episode_id = e.id ORDER BY r.id DESC FETCH FIRST 1 ROWS ONLY) "
                + "FROM episode e LEFT JOIN episode_decision d ON d.id = (SELECT MAX(x.id) FROM episode_decision x "
                + "WHERE x.episode_id = e.id) WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        f.status().ifPresent(s -> {
            sql.append(" AND e.status = ?");
            args.add(s);
        });
        f.alertname().ifPresent(a -> {
            sql.append(" AND e.alertname = ?");
            args.add(a);
        });
        f.playbook().ifPresent(p -> {
            sql.append(" AND EXISTS (SELECT 1 FROM episode_decision p WHERE p.episode_id = e.id AND p.playbook = ?)");
            args.add(p);
        });
        f.decision().ifPresent(k -> {
            sql.append(" AND EXISTS (SELECT 1 FROM episode_decision k WHERE k.episode_id = e.id AND k.kind = ?)");
            args.add(k);
        });
        f.since().ifPresent(s -> {
            sql.append(" AND e.created_at >= ?");
            args.add(OffsetDateTime.ofInstant(s, ZoneOffset.UTC));
        });
        sql.append(" ORDER BY e.starts_at_ns DESC, e.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        args.add((long) (f.page() - 1) * f.limit());
        args.add(f.limit() + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> labels = labels(rs.getString(4));
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), labels,
                            Times.fromNanos(rs.getLong(5)), Times.optionalFromNanos(rs.getLong(6)).orElse(null),
                            "true".equals(labels.get(Episode.TEST_LABEL)), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10)));
                }
            }
            boolean more = rows.size() > f.limit();
            return new Page(more ? rows.subList(0, f.limit()) : rows, f.page(), more);
        } catch (SQLException e) {
            throw new StoreUnavailableException("episodes could not be read", e);
        }
    }

    private Map<String, String> labels(String json) {
        try {
            return mapper.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON", e);
        }
    }
}
