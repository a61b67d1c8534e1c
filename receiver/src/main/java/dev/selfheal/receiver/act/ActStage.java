package dev.selfheal.receiver.act;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.action.ActionExecutions;
import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.RemediationAction;
import dev.selfheal.receiver.action.UncertainWrites;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.EpisodeQueries;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.pipeline.Stage;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.PauseSwitch;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the due action of every ACTING remediation of an episode. The execution key (episode,
 * playbook, action index) is committed as STARTED, with the remediation row locked and checked
 * still ACTING at that index, before the side effect; a key already there is never run again. An
 * execution that was started and never finished (a crash) is reconciled by reading the target,
 * not repeated blindly. Then, in one transaction: the result, the change event, and the next
 * state (verify; or the next action when this one failed or was refused; or escalation).
 */
@ApplicationScoped
public class ActStage implements Stage {

    private static final Logger LOG = Logger.getLogger(ActStage.class);
    private static final TypeReference<Map<String, String>> PINNED = new TypeReference<>() {
    };

    private final Transactions transactions;
    private final PlaybookRegistry playbooks;
    private final EpisodeQueries episodes;
    private final ActionCatalog catalog;
    private final AuditTrail audit;
    private final PauseSwitch pause;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration abandonedAfter;
    /** Test hooks: run between recording the start and the side effect, and between it and its result. */
    private volatile Runnable afterStart = () -> { };
    private volatile Runnable afterEffect = () -> { };

    public ActStage(Transactions transactions, PlaybookRegistry playbooks, EpisodeQueries episodes,
                    ActionCatalog catalog, AuditTrail audit, PauseSwitch pause, ObjectMapper mapper, Clock clock,
                    dev.selfheal.receiver.config.ReceiverConfig config) {
        this.abandonedAfter = config.pipeline().abandonedAfter();
        this.transactions = transactions;
        this.playbooks = playbooks;
        this.episodes = episodes;
        this.catalog = catalog;
        this.audit = audit;
        this.pause = pause;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** For crash tests: code run at the two points where a process may die mid-action. */
    void crashPoints(Runnable afterStart, Runnable afterEffect) {
        this.afterStart = afterStart;
        this.afterEffect = afterEffect;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public String name() {
        return WorkQueue.ACT;
    }

    @Override
    public Optional<Duration> process(WorkQueue.Item item) {
        Optional<Episode> episode = episodes.summary(item.episodeId());
        Optional<Duration> again = Optional.empty();
        if (episode.isPresent()) {
            for (Remediation r : transactions.inTransaction(c -> RemediationStore.forEpisode(c, item.episodeId(), false))) {
                if (r.state() != Remediation.State.ACTING) {
                    continue;
                }
                if (pause.paused()) {
                    again = Optional.of(Duration.ofSeconds(5)); // the kill switch holds due actions
                    continue;
                }
                Optional<Duration> later = run(episode.get(), r);
                if (later.isPresent()) {
                    again = later;
                }
            }
        }
        if (again.isPresent()) {
            return again;
        }
        transactions.inTransaction(c -> {
            WorkQueue.complete(c, item.id());
            return null;
        });
        return Optional.empty();
    }

    /** Runs the remediation's due action (and, when it fails, the next ones); a delay when it must wait. */
    private Optional<Duration> run(Episode e, Remediation r) {
        Optional<Playbook> found = playbooks.find(r.playbook());
        if (found.isEmpty()) {
            transactions.inTransaction(c -> RemediationStore.transition(c, r.id(), r.state(), r.actionIndex(),
                    Remediation.State.ESCALATED, r.actionIndex(), null, null, "the playbook is no longer loaded", now()));
            return Optional.empty();
        }
        Playbook p = found.get();
        int index = r.actionIndex();
        while (true) {
            ActionRequest request = new ActionRequest(e.id(), key(e, p, index), p, index, e.labels(), pinned(r));
            RemediationAction action = catalog.of(request.spec().type());
            String target;
            try {
                target = action.target(request);
            } catch (IllegalArgumentException ex) {
                target = "-";
            }
            Optional<ActionOutcome> outcome = execute(e, r, request, action, target);
            if (outcome == null) {
                return Optional.empty(); // the remediation moved on (resolved, another worker)
            }
            if (outcome.isEmpty()) {
                return Optional.of(Duration.ofSeconds(10)); // another worker is mid-call
            }
            ActionOutcome result = outcome.get();
            LOG.infof("episode %d, playbook %s, action %d (%s): %s %s", e.id(), p.name(), index, request.spec().type(),
                    result.status(), result.detail());
            int at = index;
            String where = target;
            boolean goOn = transactions.inTransaction(c -> {
                ActionExecutions.finish(c, e.id(), p.name(), at, result, now());
                audit.actionDone(c, e, p, at, where, result);
                return next(c, e, p, r, at, result);
            });
            if (!goOn) {
                return Optional.empty();
            }
            index++;
        }
    }

    /** What claiming an execution key found. */
    private enum Claim {
        /** The remediation is no longer ACTING at this index (resolved, or another worker moved it on). */
        MOVED,
        /** The key was committed as STARTED now: this worker runs the side effect. */
        MINE,
        /** The key has a recorded result (the transition after it was lost in a crash). */
        FINISHED,
        /** The key was started by another worker, alive or dead, and has no result yet. */
        STARTED_ELSEWHERE
    }

    /**
     * The side effect, exactly once per key: empty when another worker holds it right now, null
     * when the remediation is no longer ACTING at this index.
     */
    private Optional<ActionOutcome> execute(Episode e, Remediation r, ActionRequest request, RemediationAction action,
                                            String target) {
        int index = request.index();
        Claim claim = transactions.inTransaction(c -> {
            Optional<Remediation> current = RemediationStore.find(c, e.id(), r.playbook(), true);
            if (current.isEmpty() || current.get().state() != Remediation.State.ACTING
                    || current.get().actionIndex() != index) {
                return Claim.MOVED;
            }
            if (ActionExecutions.start(c, e.id(), r.playbook(), index, request.spec().type(), target, now())) {
                audit.acting(c, e, request.playbook(), index);
                return Claim.MINE;
            }
            return ActionExecutions.outcome(c, e.id(), r.playbook(), index).isPresent() ? Claim.FINISHED
                    : Claim.STARTED_ELSEWHERE;
        });
        switch (claim) {
            case MOVED:
                return null;
            case FINISHED:
                // finished before a crash that came before the transition: use the recorded result
                return transactions.inTransaction(c -> ActionExecutions.outcome(c, e.id(), r.playbook(), index));
            case STARTED_ELSEWHERE:
                if (!abandoned(e.id(), r.playbook(), index)) {
                    return Optional.empty();
                }
                Optional<ActionOutcome> reconciled = safely(() -> action.reconcile(request));
                if (reconciled.isPresent()) {
                    return reconciled;
                }
                break; // the target shows it did not happen: apply now
            case MINE:
            default:
                break;
        }
        afterStart.run();
        ActionOutcome result = safely(() -> Optional.of(action.apply(request))).orElseThrow();
        afterEffect.run();
        result = UncertainWrites.settle(action, request, result);
        return Optional.of(result);
    }

    private static Optional<ActionOutcome> safely(java.util.function.Supplier<Optional<ActionOutcome>> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException ex) {
            return Optional.of(ActionOutcome.refused(ex.getMessage()));
        } catch (RuntimeException ex) {
            return Optional.of(ActionOutcome.failed("the action failed: " + ex.getClass().getSimpleName() + ": "
                    + ex.getMessage(), null));
        }
    }

    private boolean abandoned(long episodeId, String playbook, int index) {
        return transactions.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT started_at FROM action_execution WHERE episode_id = ? "
                    + "AND playbook = ? AND action_index = ?")) {
                ps.setLong(1, episodeId);
                ps.setString(2, playbook);
                ps.setInt(3, index);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getObject(1, OffsetDateTime.class).plus(abandonedAfter).isBefore(now());
                }
            }
        });
    }

    /** The next state after an action; true when the next action of the chain should run now. */
    private boolean next(java.sql.Connection c, Episode e, Playbook p, Remediation r, int index, ActionOutcome result)
            throws java.sql.SQLException {
        OffsetDateTime now = now();
        if (result.status().verifiable()) {
            Instant after = now.toInstant().plus(p.verify().settle());
            Instant deadline = after.plus(p.verify().timeout());
            if (RemediationStore.transition(c, r.id(), Remediation.State.ACTING, index, Remediation.State.VERIFYING,
                    index, after, deadline, null, now)) {
                WorkQueue.enqueue(c, e.id(), WorkQueue.VERIFY, after.atOffset(ZoneOffset.UTC));
            }
            return false;
        }
        return Escalation.nextOrEscalate(c, e, p, r.id(), Remediation.State.ACTING, index,
                "action " + index + " (" + p.actions().get(index).type() + ") " + result.status().name().toLowerCase()
                        + ": " + result.detail(), audit, now);
    }

    static String key(Episode e, Playbook p, int index) {
        return "episode-" + e.id() + "-" + p.name() + "-" + index;
    }

    private Map<String, String> pinned(Remediation r) {
        if (r.pinned() == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(r.pinned(), PINNED);
        } catch (IOException ex) {
            return Map.of();
        }
    }
}
