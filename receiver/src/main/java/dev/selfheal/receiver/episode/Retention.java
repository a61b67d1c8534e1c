package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes what is older than {@code SELFHEAL_RETENTION} (30 days by default), so the store stays
 * bounded over months: resolved episodes last changed before the cut-off, with every row that
 * hangs off them, a batch of at most {@code SELFHEAL_RETENTION_BATCH} episodes per transaction.
 * Never an open (firing) episode, one with pipeline work left, a remediation not finished (acting,
 * verifying, waiting for approval), or a PagerDuty event not delivered (pending or dead: a human
 * may still re-drive it). Replicas may run it at once: deleting what is gone is a no-op. On H2 the
 * freed space is reused, and the periodic compaction ({@code store/H2Compaction}) keeps the file
 * from growing.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** Children first: every table that references episode (id). */
    private static final List<String> CHILDREN = List.of("verification", "action_execution", "remediation",
            "episode_decision", "pipeline_work", "pagerduty_outbox", "slack_outbox", "alert_delivery");

    private final Transactions transactions;
    private final ReceiverConfig config;
    private final Clock clock;

    public Retention(Transactions transactions, ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${selfheal.retention-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOG.infof("retention: deleted %d episodes finished before %s", deleted,
                        clock.instant().minus(config.retention()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("retention: skipped this run (%s); it runs again in %s", e.getMessage(), config.retentionEvery());
        }
    }

    /** Deletes every expired episode, batch by batch; how many. */
    public int purge() {
        int total = 0;
        int batch;
        do {
            batch = transactions.inTransaction(this::deleteBatch);
            total += batch;
        } while (batch == config.retentionBatch());
        return total;
    }

    private int deleteBatch(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.id FROM episode e WHERE e.status = 'resolved' "
                + "AND e.updated_at < ? "
                + "AND NOT EXISTS (SELECT 1 FROM pipeline_work w WHERE w.episode_id = e.id) "
                + "AND NOT EXISTS (SELECT 1 FROM remediation r WHERE r.episode_id = e.id "
                + "AND r.state IN ('ACTING', 'VERIFYING', 'AWAITING_APPROVAL')) "
                + "AND NOT EXISTS (SELECT 1 FROM pagerduty_outbox o WHERE o.episode_id = e.id "
                + "AND o.state <> 'DELIVERED') ORDER BY e.id LIMIT ?")) {
            ps.setObject(1, clock.instant().minus(config.retention()).atOffset(ZoneOffset.UTC));
            ps.setInt(2, config.retentionBatch());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        for (String table : CHILDREN) {
            delete(c, "DELETE FROM " + table + " WHERE episode_id IN (" + in + ")", ids);
        }
        return delete(c, "DELETE FROM episode WHERE id IN (" + in + ")", ids);
    }

    private static int delete(Connection c, String sql, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        }
    }
}
