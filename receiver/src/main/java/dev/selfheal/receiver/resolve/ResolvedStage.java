package dev.selfheal.receiver.resolve;

import dev.selfheal.receiver.action.ActionExecutions;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.pipeline.Stage;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alert resolved: pending approvals and actions not yet started are cancelled, verifications
 * look at once, and, when no remediation is still running, the PagerDuty incident is resolved
 * (configurable). One transaction, with the remediation rows locked.
 */
@ApplicationScoped
public class ResolvedStage implements Stage {

    private final Transactions transactions;
    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;
    private final AuditTrail audit;
    private final Clock clock;

    public ResolvedStage(Transactions transactions, EpisodeQueries episodes, PlaybookRegistry playbooks,
                         AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.episodes = episodes;
        this.playbooks = playbooks;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String name() {
        return WorkQueue.RESOLVED;
    }

    @Override
    public Optional<Duration> process(WorkQueue.Item item) {
        Optional<Episode> found = episodes.summary(item.episodeId());
        transactions.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            boolean running = false;
            if (found.isPresent() && "resolved".equals(found.get().status())) {
                Episode e = found.get();
                for (Remediation r : RemediationStore.forEpisode(c, e.id(), true)) {
                    switch (r.state()) {
                        case AWAITING_APPROVAL -> RemediationStore.transition(c, r.id(), r.state(), r.actionIndex(),
                                Remediation.State.CANCELLED, r.actionIndex(), null, null,
                                "cancelled: the alert resolved before anyone approved", now);
                        case ACTING -> {
                            if (ActionExecutions.state(c, e.id(), r.playbook(), r.actionIndex()).isEmpty()) {
                                RemediationStore.transition(c, r.id(), r.state(), r.actionIndex(),
                                        Remediation.State.CANCELLED, r.actionIndex(), null, null,
                                        "cancelled: the alert resolved before action " + r.actionIndex() + " ran", now);
                            } else {
                                running = true;
                            }
                        }
                        case VERIFYING -> {
                            running = true;
                            WorkQueue.enqueue(c, e.id(), WorkQueue.VERIFY, now);
                        }
                        default -> {
                            // finished already
                        }
                    }
                }
                if (!running) {
                    Optional<Playbook> decided = decidedPlaybooks(c, e.id()).stream().map(playbooks::find)
                            .flatMap(Optional::stream).findFirst();
                    if (decided.isPresent()) {
                        audit.alertResolved(c, e, decided.get());
                    }
                }
            }
            WorkQueue.complete(c, item.id());
            return null;
        });
        return Optional.empty();
    }

    private static List<String> decidedPlaybooks(java.sql.Connection c, long episodeId) throws java.sql.SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT playbook FROM episode_decision WHERE episode_id = ? ORDER BY id")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
