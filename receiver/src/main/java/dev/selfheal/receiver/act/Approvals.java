package dev.selfheal.receiver.act;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator approves or rejects a waiting action, by name, as a compare-and-swap: approving twice
 * runs it once. The transition records who, and the PagerDuty incident gets a change event saying
 * so, in the same transaction. An approval past its deadline expires instead.
 */
@ApplicationScoped
public class Approvals {

    /** How a decision by an operator ended. */
    public enum Status { DONE, NOT_FOUND, NOT_WAITING }

    /** {@code state}: the remediation's state after the attempt, {@code episodeId} its episode (null, 0 when not found). */
    public record Result(Status status, Remediation.State state, long episodeId) {
    }

    private final Transactions transactions;
    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;
    private final AuditTrail audit;
    private final ReceiverConfig config;
    private final Clock clock;

    public Approvals(Transactions transactions, EpisodeQueries episodes, PlaybookRegistry playbooks, AuditTrail audit,
                     ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.episodes = episodes;
        this.playbooks = playbooks;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The remediations waiting for an operator, oldest first. */
    public List<Remediation> waiting() {
        return transactions.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM remediation WHERE state = 'AWAITING_APPROVAL' ORDER BY id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<Remediation> result = new ArrayList<>();
            for (long id : ids) {
                RemediationStore.byId(c, id, false).ifPresent(result::add);
            }
            return result;
        });
    }

    public Result decide(long id, boolean approve, String by) {
        return transactions.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            Remediation r = RemediationStore.byId(c, id, true).orElse(null);
            if (r == null) {
                return new Result(Status.NOT_FOUND, null, 0);
            }
            if (r.state() != Remediation.State.AWAITING_APPROVAL) {
                return new Result(Status.NOT_WAITING, r.state(), r.episodeId());
            }
            if (ApprovalExpiry.expireIfDue(c, r, config.approvals().expireAfter(), now)) {
                ApprovalExpiry.announce(c, r, audit, episodes, playbooks);
                return new Result(Status.NOT_WAITING, Remediation.State.EXPIRED, r.episodeId());
            }
            Remediation.State to = approve ? Remediation.State.ACTING : Remediation.State.REJECTED;
            RemediationStore.transition(c, id, r.state(), r.actionIndex(), to, r.actionIndex(), null, null,
                    (approve ? "approved by " : "rejected by ") + by, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE remediation SET approval = ? WHERE id = ?")) {
                ps.setString(1, (approve ? "approved by " : "rejected by ") + by + " at " + now.toInstant());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            if (approve) {
                WorkQueue.enqueue(c, r.episodeId(), WorkQueue.ACT, now);
            }
            var episode = episodes.summary(r.episodeId());
            var playbook = playbooks.find(r.playbook());
            if (episode.isPresent() && playbook.isPresent()) {
                audit.approvalDecided(c, episode.get(), playbook.get(), r.actionIndex(), approve, by);
            }
            return new Result(Status.DONE, to, r.episodeId());
        });
    }
}
