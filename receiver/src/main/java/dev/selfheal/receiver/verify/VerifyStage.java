package dev.selfheal.receiver.verify;

import dev.selfheal.receiver.act.Escalation;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.pipeline.Stage;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.scorer.ScorerClient;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Verifies each VERIFYING remediation of an episode after the playbook's settle time: healed
 * (resolve the incident), not yet (look again), or not healed by the deadline (the next action of
 * the chain, or escalation). The result is recorded once per action.
 */
@ApplicationScoped
public class VerifyStage implements Stage {

    private static final Logger LOG = Logger.getLogger(VerifyStage.class);

    private final Transactions transactions;
    private final PlaybookRegistry playbooks;
    private final EpisodeQueries episodes;
    private final ScorerClient scorer;
    private final AuditTrail audit;
    private final VerificationPolicy policy;
    private final Clock clock;

    public VerifyStage(Transactions transactions, PlaybookRegistry playbooks, EpisodeQueries episodes,
                       ScorerClient scorer, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.playbooks = playbooks;
        this.episodes = episodes;
        this.scorer = scorer;
        this.audit = audit;
        this.policy = new VerificationPolicy(clock);
        this.clock = clock;
    }

    @Override
    public String name() {
        return WorkQueue.VERIFY;
    }

    @Override
    public Optional<Duration> process(WorkQueue.Item item) {
        Optional<Episode> episode = episodes.summary(item.episodeId());
        Duration again = null;
        if (episode.isPresent()) {
            for (Remediation r : transactions.inTransaction(c -> RemediationStore.forEpisode(c, item.episodeId(), false))) {
                if (r.state() != Remediation.State.VERIFYING) {
                    continue;
                }
                Duration later = verify(episode.get(), r);
                if (later != null && (again == null || later.compareTo(again) < 0)) {
                    again = later;
                }
            }
        }
        if (again != null) {
            return Optional.of(again);
        }
        transactions.inTransaction(c -> {
            WorkQueue.complete(c, item.id());
            return null;
        });
        return Optional.empty();
    }

    private Duration verify(Episode e, Remediation r) {
        Optional<Playbook> found = playbooks.find(r.playbook());
        if (found.isEmpty()) {
            transactions.inTransaction(c -> RemediationStore.transition(c, r.id(), r.state(), r.actionIndex(),
                    Remediation.State.ESCALATED, r.actionIndex(), null, null, "the playbook is no longer loaded", now()));
            return null;
        }
        Playbook p = found.get();
        Playbook.VerifyCheck check = p.verify().check();
        boolean resolved = "resolved".equals(e.status());
        if (clock.instant().isBefore(r.verifyAfter())) {
            return Duration.between(clock.instant(), r.verifyAfter()); // settling; the scorer is not asked yet
        }
        Verdict verdict = check == Playbook.VerifyCheck.RESOLVED ? null : scorerVerdict(e, p);
        VerificationPolicy.Outcome o = policy.evaluate(check, r.verifyAfter(), r.verifyDeadline(), resolved, verdict,
                p.verify().settle());
        switch (o.result()) {
            case NOT_YET:
                return o.again();
            case HEALED:
                transactions.inTransaction(c -> {
                    if (RemediationStore.transition(c, r.id(), Remediation.State.VERIFYING, r.actionIndex(),
                            Remediation.State.HEALED, r.actionIndex(), r.verifyAfter(), r.verifyDeadline(), o.detail(),
                            now())) {
                        record(c, e.id(), p.name(), r.actionIndex(), true, o.detail(), o.scorerBack());
                        audit.healed(c, e, p, o.detail());
                    }
                    return null;
                });
                LOG.infof("episode %d, playbook %s: %s", e.id(), p.name(), o.detail());
                return null;
            default:
                transactions.inTransaction(c -> {
                    record(c, e.id(), p.name(), r.actionIndex(), false, o.detail(), o.scorerBack());
                    return Escalation.nextOrEscalate(c, e, p, r.id(), Remediation.State.VERIFYING, r.actionIndex(),
                            o.detail(), audit, now());
                });
                LOG.warnf("episode %d, playbook %s: %s", e.id(), p.name(), o.detail());
                return null;
        }
    }

    private Verdict scorerVerdict(Episode e, Playbook p) {
        try {
            String query = p.confirm().query().render(e.labels());
            return scorer.confirm(query, p.confirm().window(), p.confirm().step(), clock.instant(),
                    p.confirm().threshold());
        } catch (IllegalArgumentException ex) {
            return Verdict.unavailable(ex.getMessage());
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private void record(Connection c, long episodeId, String playbook, int index, boolean healed, String detail,
                        Instant scorerBack) throws SQLException {
        try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM verification WHERE episode_id = ? "
                + "AND playbook = ? AND action_index = ?")) {
            check.setLong(1, episodeId);
            check.setString(2, playbook);
            check.setInt(3, index);
            try (var rs = check.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO verification (episode_id, playbook, action_index, "
                + "healed, detail, checked_at, scorer_back_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setInt(3, index);
            ps.setBoolean(4, healed);
            ps.setString(5, detail);
            ps.setObject(6, now());
            if (scorerBack == null) {
                ps.setNull(7, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(7, scorerBack.atOffset(ZoneOffset.UTC));
            }
            ps.executeUpdate();
        }
    }
}
