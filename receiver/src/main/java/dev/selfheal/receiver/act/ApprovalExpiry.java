package dev.selfheal.receiver.act;

import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.store.StoreUnavailableException;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Approvals that were not given in time move to EXPIRED on a schedule
 * ({@code selfheal.approvals.check-every}), not only when someone tries to approve them, so the
 * list of waiting actions never shows one that can no longer run. Each is a compare-and-swap under
 * the remediation's row lock: several replicas, or an operator approving at the same moment,
 * decide it once.
 */
@ApplicationScoped
public class ApprovalExpiry {

    private static final Logger LOG = Logger.getLogger(ApprovalExpiry.class);

    private final Transactions transactions;
    private final ReceiverConfig config;
    private final Clock clock;
    private final AuditTrail audit;
    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;

    public ApprovalExpiry(Transactions transactions, ReceiverConfig config, Clock clock, AuditTrail audit,
                          EpisodeQueries episodes, PlaybookRegistry playbooks) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
        this.audit = audit;
        this.episodes = episodes;
        this.playbooks = playbooks;
    }

    /** Whether an approval asked for at {@code createdAt} has expired at {@code now}. */
    static boolean due(Instant createdAt, Duration expireAfter, Instant now) {
        return createdAt.plus(expireAfter).isBefore(now);
    }

    @Scheduled(every = "${selfheal.approvals.check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireDue() {
        try {
            int expired = expireDueNow();
            if (expired > 0) {
                LOG.infof("%d approval(s) expired after %s without an answer", expired, config.approvals().expireAfter());
            }
        } catch (StoreUnavailableException e) {
            LOG.debugf("approval expiry skipped: %s", e.getMessage());
        }
    }

    /** Expires every approval past its deadline; how many. */
    int expireDueNow() {
        Duration after = config.approvals().expireAfter();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Long> ids = transactions.inTransaction(c -> {
            List<Long> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM remediation WHERE state = 'AWAITING_APPROVAL' AND created_at < ? ORDER BY id")) {
                ps.setObject(1, now.minus(after));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
            return found;
        });
        int expired = 0;
        for (long id : ids) {
            boolean done = transactions.inTransaction(c -> {
                var r = RemediationStore.byId(c, id, true);
                if (r.isEmpty() || !expireIfDue(c, r.get(), after, now)) {
                    return false;
                }
                announce(c, r.get(), audit, episodes, playbooks);
                return true;
            });
            expired += done ? 1 : 0;
        }
        return expired;
    }

    /** Tells the audit trail's listeners that the approval expired (Slack updates its approval message). */
    static void announce(Connection c, Remediation r, AuditTrail audit, EpisodeQueries episodes, PlaybookRegistry playbooks)
            throws SQLException {
        var episode = episodes.summary(r.episodeId());
        var playbook = playbooks.find(r.playbook());
        if (episode.isPresent() && playbook.isPresent()) {
            audit.approvalExpired(c, episode.get(), playbook.get(), r.actionIndex());
        }
    }

    /** Moves a waiting approval past its deadline to EXPIRED inside the caller's transaction (row locked). */
    static boolean expireIfDue(Connection c, Remediation r, Duration expireAfter, OffsetDateTime now)
            throws SQLException {
        if (r.state() != Remediation.State.AWAITING_APPROVAL || !due(r.createdAt(), expireAfter, now.toInstant())) {
            return false;
        }
        return RemediationStore.transition(c, r.id(), r.state(), r.actionIndex(), Remediation.State.EXPIRED,
                r.actionIndex(), null, null, "the approval expired after " + PlaybookLoader.format(expireAfter), now);
    }
}
