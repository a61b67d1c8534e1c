package dev.selfheal.receiver.pipeline;

import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.scorer.ScorerClient;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.selfheal.receiver.action.ActStage;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The match, confirm and decide stages for one firing episode: the playbooks that match its
 * labels, the scorer's verdict on each playbook's confirm query, and the decision, recorded once
 * per (episode, playbook) together with the work item's completion.
 */
@ApplicationScoped
public class DecideStage {

    private static final Logger LOG = Logger.getLogger(DecideStage.class);
    public static final String STAGE = "decide";

    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;
    private final ScorerClient scorer;
    private final Transactions transactions;
    private final Clock clock;
    private final DecisionPolicy policy;

    public DecideStage(EpisodeQueries episodes, PlaybookRegistry playbooks, ScorerClient scorer,
                       Transactions transactions, Clock clock) {
        this.episodes = episodes;
        this.playbooks = playbooks;
        this.scorer = scorer;
        this.transactions = transactions;
        this.clock = clock;
        this.policy = new DecisionPolicy(clock);
    }

    record Outcome(String playbook, Decision decision, Verdict verdict, String query) {
    }

    public void process(WorkQueue.Item item) {
        Optional<Episode> found = episodes.find(item.episodeId());
        List<Outcome> outcomes = new ArrayList<>();
        if (found.isPresent() && "firing".equals(found.get().status())) {
            Episode episode = found.get();
            for (Playbook playbook : playbooks.matching(episode.labels())) {
                outcomes.add(decide(episode, playbook));
            }
        }
        transactions.inTransaction(c -> {
            for (Outcome o : outcomes) {
                record(c, item.episodeId(), o);
            }
            WorkQueue.complete(c, item.id());
            return null;
        });
        outcomes.forEach(o -> LOG.infof("episode %d, playbook %s: %s (%s)", item.episodeId(), o.playbook(),
                o.decision().kind(), o.decision().reason()));
    }

    private Outcome decide(Episode episode, Playbook playbook) {
        String query = null;
        Verdict verdict;
        try {
            query = playbook.confirm().query().render(episode.labels());
            verdict = scorer.confirm(query, playbook.confirm().window(), playbook.confirm().step(), clock.instant(),
                    playbook.confirm().threshold());
        } catch (IllegalArgumentException e) {
            verdict = Verdict.unavailable(e.getMessage());
        }
        List<Instant> earlier = transactions.inTransaction(c -> earlierActions(c, playbook));
        return new Outcome(playbook.name(), policy.decide(true, playbook, verdict, earlier), verdict, query);
    }

    /** When this playbook's actions last ran on its target (HTTP targets: the URL), for cooldown and limits. */
    private List<Instant> earlierActions(Connection c, Playbook playbook) throws SQLException {
        List<Instant> times = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT started_at FROM action_execution WHERE playbook = ? "
                + "AND target = ? AND started_at > ? AND state <> 'SKIPPED'")) {
            ps.setString(1, playbook.name());
            ps.setString(2, playbook.target().http() ? playbook.target().url() : "-");
            ps.setObject(3, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusDays(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        return times;
    }

    private void record(Connection c, long episodeId, Outcome o) throws SQLException {
        try (PreparedStatement check = c.prepareStatement(
                "SELECT 1 FROM episode_decision WHERE episode_id = ? AND playbook = ?")) {
            check.setLong(1, episodeId);
            check.setString(2, o.playbook());
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return; // decided already (a second worker, or a retry after a crash)
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO episode_decision (episode_id, playbook, kind, "
                + "reason, score, threshold, query, decided_at) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, episodeId);
            ps.setString(2, o.playbook());
            ps.setString(3, o.decision().kind().name());
            ps.setString(4, o.decision().reason());
            setDouble(ps, 5, o.verdict().score());
            setDouble(ps, 6, o.verdict().threshold());
            ps.setString(7, o.query());
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            ps.setObject(8, now);
            ps.executeUpdate();
            if (o.decision().kind() == Decision.Kind.REMEDIATE) {
                WorkQueue.enqueue(c, episodeId, ActStage.STAGE, now);
            }
        }
    }

    private static void setDouble(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            ps.setDouble(index, value);
        } else {
            ps.setNull(index, java.sql.Types.DOUBLE);
        }
    }
}
