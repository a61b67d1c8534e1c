package dev.selfheal.receiver.action;

import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.kubernetes.RolloutRestart;
import dev.selfheal.receiver.kubernetes.WorkloadRef;
import dev.selfheal.receiver.pipeline.WorkQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the first action of every playbook that decided REMEDIATE for an episode (HTTP, and
 * rollout-restart on Kubernetes; scale, rollback and evict-pod are recorded as SKIPPED for now). The execution
 * is recorded under its key (episode, playbook, action index) in its own committed transaction
 * before the side effect; a key already there means someone started it, and it is never run
 * again: a started-but-unfinished execution (a crash mid-call) is reconciled by reading the
 * workload's episode annotation on Kubernetes, and marked UNKNOWN for HTTP, whose target state
 * cannot be read back.
 */
@ApplicationScoped
public class ActStage {

    private static final Logger LOG = Logger.getLogger(ActStage.class);
    public static final String STAGE = "act";

    private final Transactions transactions;
    private final PlaybookRegistry playbooks;
    private final EpisodeQueries episodes;
    private final Clock clock;
    private final HttpAction http = new HttpAction();
    private final RolloutRestart restart;

    public ActStage(Transactions transactions, PlaybookRegistry playbooks, EpisodeQueries episodes,
                    KubernetesClient kubernetes, Clock clock) {
        this.transactions = transactions;
        this.playbooks = playbooks;
        this.episodes = episodes;
        this.clock = clock;
        this.restart = new RolloutRestart(kubernetes, clock);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    public void process(WorkQueue.Item item) {
        List<String> remediate = transactions.inTransaction(c -> playbooksToRun(c, item.episodeId()));
        for (String name : remediate) {
            Optional<Playbook> playbook = playbooks.all().stream().filter(p -> p.name().equals(name)).findFirst();
            if (playbook.isEmpty()) {
                record(item.episodeId(), name, "none", "-", "SKIPPED", "the playbook is no longer loaded");
            } else if (playbook.get().target().http()) {
                runHttp(item.episodeId(), playbook.get());
            } else if ("rollout-restart".equals(playbook.get().actions().get(0).type())) {
                runRestart(item.episodeId(), playbook.get());
            } else {
                record(item.episodeId(), name, playbook.get().actions().get(0).type(), "-", "SKIPPED",
                        "scale, rollback and evict-pod are not implemented yet");
            }
        }
        transactions.inTransaction(c -> {
            WorkQueue.complete(c, item.id());
            return null;
        });
    }

    private void runHttp(long episodeId, Playbook playbook) {
        Playbook.ActionSpec action = playbook.actions().get(0);
        String url = playbook.target().url();
        boolean mine = transactions.inTransaction(c -> start(c, episodeId, playbook.name(), action.type(), url));
        if (!mine) {
            transactions.inTransaction(c -> markUnknownIfUnfinished(c, episodeId, playbook.name()));
            return;
        }
        String key = "episode-" + episodeId + "-" + playbook.name() + "-0";
        HttpAction.Result result = http.execute(url, (String) action.params().get("method"),
                (Duration) action.params().get("timeout"), key);
        LOG.infof("episode %d, playbook %s: %s %s", episodeId, playbook.name(), result.succeeded() ? "done:" : "FAILED:",
                result.detail());
        transactions.inTransaction(c -> finish(c, episodeId, playbook.name(),
                result.succeeded() ? "SUCCEEDED" : "FAILED", result.detail()));
    }

    private void runRestart(long episodeId, Playbook playbook) {
        WorkloadRef ref;
        try {
            ref = WorkloadRef.from(playbook.target(), episodes.find(episodeId).map(e -> e.labels()).orElse(Map.of()));
        } catch (IllegalArgumentException e) {
            record(episodeId, playbook.name(), "rollout-restart", "-", "FAILED", e.getMessage());
            return;
        }
        String key = "episode-" + episodeId;
        boolean mine = transactions.inTransaction(c -> start(c, episodeId, playbook.name(), "rollout-restart",
                ref.toString()));
        if (!mine) {
            // Started before and never finished (a crash): read the object instead of repeating blindly.
            boolean unfinished = transactions.inTransaction(c -> state(c, episodeId, playbook.name()))
                    .map("STARTED"::equals).orElse(false);
            if (!unfinished) {
                return;
            }
            if (restart.alreadyDone(ref, key)) {
                transactions.inTransaction(c -> finish(c, episodeId, playbook.name(), "SUCCEEDED",
                        "reconciled after a restart: " + ref + " already names this episode"));
                return;
            }
        }
        RolloutRestart.Result result = restart.apply(ref, key);
        LOG.infof("episode %d, playbook %s: %s %s", episodeId, playbook.name(), result.succeeded() ? "done:" : "FAILED:",
                result.detail());
        transactions.inTransaction(c -> finish(c, episodeId, playbook.name(),
                result.succeeded() ? "SUCCEEDED" : "FAILED", result.detail()));
    }

    private Optional<String> state(Connection c, long episodeId, String playbook) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM action_execution WHERE episode_id = ? AND playbook = ? AND action_index = 0")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private List<String> playbooksToRun(Connection c, long episodeId) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.playbook FROM episode_decision d WHERE "
                + "d.episode_id = ? AND d.kind = 'REMEDIATE' AND NOT EXISTS (SELECT 1 FROM action_execution x "
                + "WHERE x.episode_id = d.episode_id AND x.playbook = d.playbook AND x.state <> 'STARTED')")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Records the execution as STARTED; false when its key is already there. */
    private boolean start(Connection c, long episodeId, String playbook, String type, String target)
            throws SQLException {
        try (PreparedStatement check = c.prepareStatement(
                "SELECT 1 FROM action_execution WHERE episode_id = ? AND playbook = ? AND action_index = 0")) {
            check.setLong(1, episodeId);
            check.setString(2, playbook);
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO action_execution (episode_id, playbook, "
                + "action_index, action_type, target, state, started_at) VALUES (?, ?, 0, ?, ?, 'STARTED', ?)")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setString(3, type);
            ps.setString(4, target);
            ps.setObject(5, now());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private int finish(Connection c, long episodeId, String playbook, String state, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE action_execution SET state = ?, detail = ?, "
                + "finished_at = ? WHERE episode_id = ? AND playbook = ? AND action_index = 0")) {
            ps.setString(1, state);
            ps.setString(2, detail);
            ps.setObject(3, now());
            ps.setLong(4, episodeId);
            ps.setString(5, playbook);
            return ps.executeUpdate();
        }
    }

    private int markUnknownIfUnfinished(Connection c, long episodeId, String playbook) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE action_execution SET state = 'UNKNOWN', detail = "
                + "'started but never finished (a crash or a restart mid-call); not repeated', finished_at = ? "
                + "WHERE episode_id = ? AND playbook = ? AND action_index = 0 AND state = 'STARTED' "
                + "AND started_at < ?")) {
            ps.setObject(1, now());
            ps.setLong(2, episodeId);
            ps.setString(3, playbook);
            ps.setObject(4, now().minusMinutes(1));
            return ps.executeUpdate();
        }
    }

    private void record(long episodeId, String playbook, String type, String target, String state, String detail) {
        transactions.inTransaction(c -> {
            if (start(c, episodeId, playbook, type, target)) {
                finish(c, episodeId, playbook, state, detail);
            }
            return null;
        });
    }
}
