package dev.selfheal.receiver.console;

import dev.selfheal.receiver.store.StoreUnavailableException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The latest decisions of each playbook, for the playbooks page. */
@ApplicationScoped
public class RecentDecisions {

    /** One decision: when, which episode, what and why. */
    public record Recent(Instant at, long episodeId, String kind, String reason) {
    }

    private static final int SCAN = 500;

    private final AgroalDataSource dataSource;

    public RecentDecisions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code each} of the latest decisions per playbook, among the latest {@value #SCAN}. */
    public Map<String, List<Recent>> byPlaybook(int each) {
        Map<String, List<Recent>> result = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT playbook, decided_at, episode_id, kind, reason FROM episode_decision ORDER BY id DESC "
                        + "FETCH FIRST " + SCAN + " ROWS ONLY")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Recent> list = result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (list.size() < each) {
                        list.add(new Recent(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3),
                                rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreUnavailableException("decisions could not be read", e);
        }
    }
}
