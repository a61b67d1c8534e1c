package dev.selfheal.receiver.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.store.H2Compaction;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Retention on the embedded store: what is finished and older than SELFHEAL_RETENTION goes with
 * every row hanging off it; what is open, in flight or undelivered stays; and a soak that keeps
 * creating and ageing out episodes keeps the H2 file's size flat.
 */
@QuarkusTest
class RetentionTest {

    private static final String EVIDENCE = "x".repeat(2_000);

    @Inject
    Retention retention;
    @Inject
    Transactions transactions;
    @Inject
    H2Compaction compaction;

    /** An episode with two deliveries, a decision with its evidence, a remediation and an outbox row. */
    private long episode(String status, Instant updated, String outboxState, String remediationState) {
        return transactions.inTransaction(c -> {
            OffsetDateTime at = updated.atOffset(ZoneOffset.UTC);
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO episode (fingerprint, starts_at_ns, status, "
                    + "alertname, labels_json, annotations_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, UUID.randomUUID().toString().substring(0, 16));
                ps.setLong(2, updated.toEpochMilli() * 1_000_000);
                ps.setString(3, status);
                ps.setString(4, "RetentionTest");
                ps.setString(5, "{\"alertname\":\"RetentionTest\"}");
                ps.setString(6, "{}");
                ps.setObject(7, at);
                ps.setObject(8, at);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            for (String s : List.of("firing", "resolved")) {
                exec(c, "INSERT INTO alert_delivery (episode_id, status, ends_at_ns, received_at) VALUES (?,?,0,?)",
                        id, s, at);
            }
            exec(c, "INSERT INTO episode_decision (episode_id, playbook, kind, reason, decided_at, scorer_evidence) "
                    + "VALUES (?, 'p', 'REMEDIATE', 'confirmed', ?, ?)", id, at, EVIDENCE);
            if (remediationState != null) {
                exec(c, "INSERT INTO remediation (episode_id, playbook, state, created_at, updated_at) "
                        + "VALUES (?, 'p', ?, ?, ?)", id, remediationState, at, at);
            }
            if (outboxState != null) {
                exec(c, "INSERT INTO pagerduty_outbox (episode_id, playbook, cause, dedup_key, event_action, body, "
                        + "state, next_attempt_at, created_at) VALUES (?, 'p', 'decision:p', ?, 'trigger', ?, ?, ?, ?)",
                        id, "dk-" + id, EVIDENCE.substring(0, 1_000), outboxState, at, at);
            }
            return id;
        });
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long count(String table, long episodeId) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE "
                    + (table.equals("episode") ? "id" : "episode_id") + " = ?")) {
                ps.setLong(1, episodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void finishedEpisodesOlderThanTheRetentionGoWithTheirRowsAndNothingOpenOrUndeliveredDoes() {
        Instant old = Instant.now().minus(Duration.ofDays(31));
        long finished = episode("resolved", old, "DELIVERED", "HEALED");
        long recent = episode("resolved", Instant.now().minus(Duration.ofDays(29)), "DELIVERED", "HEALED");
        long firing = episode("firing", old, null, null);
        long pending = episode("resolved", old, "PENDING", "HEALED");
        long dead = episode("resolved", old, "DEAD", null);
        long acting = episode("resolved", old, "DELIVERED", "ACTING");
        long awaiting = episode("resolved", old, null, "AWAITING_APPROVAL");

        retention.purge();

        for (String table : List.of("episode", "alert_delivery", "episode_decision", "remediation", "pagerduty_outbox")) {
            assertThat(count(table, finished)).as(table).isZero();
        }
        for (long kept : new long[] {recent, firing, pending, dead, acting, awaiting}) {
            assertThat(count("episode", kept)).as("episode " + kept).isEqualTo(1);
            assertThat(count("alert_delivery", kept)).as("deliveries of " + kept).isEqualTo(2);
        }
    }

    @Test
    void aSoakThatAgesOutEpisodesKeepsTheH2FileFlat() throws Exception {
        Path file = Path.of(ConfigProvider.getConfig().getValue("selfheal.data-dir", String.class), "selfheal.mv.db");
        Assumptions.assumeTrue(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .startsWith("jdbc:h2:"), "the file-size soak is the embedded store's");
        assertThat(file).exists();
        List<Long> sizes = new ArrayList<>();
        Instant old = Instant.now().minus(Duration.ofDays(40));
        // H2 reuses the space of deleted rows once no reader can need it: after RETENTION_TIME (45 s by
        // default). Eight cycles 45 s apart would take six minutes; with no retention time each cycle
        // stands for one that long, and the file must still stop growing.
        retentionTime(0);
        try {
            cycles(file, old, sizes);
        } finally {
            retentionTime(45_000);
        }
        // each cycle writes about 1.5 MB (400 episodes, 3 kB each and their rows): kept, 8 cycles would be 12 MB
        System.out.println("retention soak: H2 file size after each cycle (bytes): " + sizes);
        long settled = sizes.get(2);
        for (long s : sizes.subList(3, sizes.size())) {
            assertThat(s).as("file size per cycle " + sizes).isLessThanOrEqualTo(settled + settled / 4 + 512 * 1024);
        }
    }

    private void retentionTime(int millis) {
        transactions.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET RETENTION_TIME " + millis);
            }
            return null;
        });
    }

    private void cycles(Path file, Instant old, List<Long> sizes) throws IOException, SQLException {
        for (int cycle = 0; cycle < 8; cycle++) {
            for (int i = 0; i < 400; i++) {
                episode("resolved", old, "DELIVERED", "HEALED");
            }
            retention.purge();
            for (int pass = 0; pass < 30; pass++) {
                compaction.compact();
            }
            sizes.add(size(file));
        }
    }

    private static long size(Path file) throws IOException {
        return Files.size(file);
    }
}
