package dev.selfheal.receiver.decide;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.act.ActionCatalog;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.TargetNames;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.domain.WorkloadRef;
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
import dev.selfheal.receiver.scorer.ScorerClient;
import dev.selfheal.receiver.store.Transactions;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The match, confirm and decide stages for one firing episode: the playbooks that match its
 * labels, the scorer's verdict on each playbook's confirm query, and the decision, recorded once
 * per (episode, playbook) together with what it causes (the remediation, its work item, the
 * PagerDuty trigger) and the work item's completion, in one transaction.
 */
@ApplicationScoped
public class DecideStage implements Stage {

    private static final Logger LOG = Logger.getLogger(DecideStage.class);

    private final EpisodeQueries episodes;
    private final PlaybookRegistry playbooks;
    private final ScorerClient scorer;
    private final Transactions transactions;
    private final Clock clock;
    private final DecisionPolicy policy;
    private final PauseSwitch pause;
    private final AuditTrail audit;
    private final ReceiverConfig.Safety safety;
    private final ActionCatalog actions;
    private final ObjectMapper mapper;

    public DecideStage(EpisodeQueries episodes, PlaybookRegistry playbooks, ScorerClient scorer,
                       Transactions transactions, Clock clock, PauseSwitch pause, AuditTrail audit,
                       ReceiverConfig config, ActionCatalog actions, ObjectMapper mapper) {
        this.actions = actions;
        this.mapper = mapper;
        this.episodes = episodes;
        this.playbooks = playbooks;
        this.scorer = scorer;
        this.transactions = transactions;
        this.clock = clock;
        this.policy = new DecisionPolicy(clock);
        this.pause = pause;
        this.audit = audit;
        this.safety = config.safety();
    }

    /** The decisions that would act on the target (in shadow mode, would have). */
    private static final Set<Decision.Kind> ACTING = EnumSet.of(Decision.Kind.REMEDIATE,
            Decision.Kind.AWAIT_APPROVAL, Decision.Kind.SHADOW);

    record Outcome(Playbook playbook, Decision decision, Verdict verdict, String query, String pinned, String target) {
    }

    @Override
    public String name() {
        return WorkQueue.DECIDE;
    }

    @Override
    public Optional<Duration> process(WorkQueue.Item item) {
        Optional<Episode> found = episodes.summary(item.episodeId());
        List<Outcome> outcomes = new ArrayList<>();
        Instant waitedUntil = null;
        if (found.isPresent() && ("firing".equals(found.get().status()) || "resolved".equals(found.get().status()))) {
            boolean firing = "firing".equals(found.get().status());
            List<Playbook> matching = playbooks.matching(found.get().labels());
            Optional<Instant> persistUntil = persistUntil(found.get(), matching);
            if (persistUntil.isPresent() && clock.instant().isBefore(persistUntil.get())) {
                return Optional.of(Duration.between(clock.instant(), persistUntil.get())); // the anomaly must last
            }
            waitedUntil = persistUntil.orElse(null);
            for (Playbook playbook : matching) {
                if (firing) {
                    outcomes.add(decide(found.get(), playbook));
                } else if (!playbook.confirm().persist().isZero()) {
                    outcomes.add(resolvedDuringWait(found.get(), playbook));
                }
            }
        }
        Instant waited = waitedUntil;
        transactions.inTransaction(c -> {
            for (Outcome o : outcomes) {
                record(c, found.get(), o, waited);
            }
            WorkQueue.complete(c, item.id());
            return null;
        });
        outcomes.forEach(o -> LOG.infof("episode %d, playbook %s: %s (%s)", item.episodeId(), o.playbook().name(),
                o.decision().kind(), o.decision().reason()));
        return Optional.empty();
    }

    /**
     * When the longest persistence wait of the matching playbooks ends ({@code confirm.persist},
     * counted from the episode's creation, when its webhook was recorded); empty when none asks
     * for one. A resolve during the wait does not end it: the resolved episode is decided when it ends.
     */
    static Optional<Instant> persistUntil(Episode episode, List<Playbook> matching) {
        return matching.stream().map(p -> p.confirm().persist()).filter(d -> !d.isZero()).max(Duration::compareTo)
                .map(d -> episode.createdAt().plus(d));
    }

    /**
     * The alert resolved during the playbook's persistence wait: nothing runs, but the decision is
     * still made and recorded once the wait ends, on the scorer's verdict then, so the timeline says
     * why (the scorer finding the series back in its band: SUPPRESSED; otherwise IGNORE).
     */
    private Outcome resolvedDuringWait(Episode episode, Playbook playbook) {
        Outcome asked = decide(episode, playbook);
        Verdict v = asked.verdict();
        if (asked.decision().kind() == Decision.Kind.SUPPRESSED && v.available() && !v.outsideBandNow()) {
            return asked; // suppressed by the scorer: nothing pinned, nothing to run
        }
        return new Outcome(playbook, Decision.of(Decision.Kind.IGNORE, Decision.Cause.RESOLVED, "the alert resolved during the "
                + playbook.confirm().persist().toSeconds() + "s persistence wait"
                + (v.available() && v.reason() != null ? "; the scorer: " + v.reason() : "")), v, asked.query(), null,
                asked.target());
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
        Map<String, String> resolved = Map.of();
        String unresolved = null;
        try {
            resolved = actions.resolve(playbook, episode.labels());
        } catch (RuntimeException e) {
            unresolved = e.getMessage();
        }
        String target = TargetNames.of(playbook, episode.labels(), resolved);
        record Counts(List<Instant> earlier, int targets, int lastHour) {
        }
        boolean shadow = playbook.mode() == Playbook.Mode.SHADOW;
        Counts counts = transactions.inTransaction(c -> new Counts(earlierActions(c, playbook, target, shadow),
                otherTargetsActedOn(c, target, shadow), actionsLastHour(c, shadow)));
        List<Instant> earlier = counts.earlier();
        SafetyState state = new SafetyState(pause.paused(), counts.targets(), safety.maxTargets(), counts.lastHour(),
                safety.maxActionsPerHour());
        Playbook deciding = episode.test() ? playbook.withMode(Playbook.Mode.SHADOW) : playbook;
        Decision decision = policy.decide(true, deciding, verdict, earlier, state);
        if (unresolved != null && ACTING.contains(decision.kind())) {
            decision = Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.GUARD, "the target cannot be resolved: "
                    + unresolved);
        }
        decision = GitOpsRule.apply(decision, playbook, target, resolved.get(WorkloadRef.PINNED_GITOPS));
        if (decision.kind() == Decision.Kind.SHADOW) {
            Optional<String> refused = actions.of(playbook.actions().get(0).type()).refusal(
                    new ActionRequest(episode.id(), "shadow-" + episode.id(), playbook, 0, episode.labels(), resolved));
            decision = refused.isPresent()
                    ? Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.GUARD, "shadow mode: auto mode would refuse "
                            + playbook.actions().get(0).type() + " on " + target + ": " + refused.get())
                    : decision.withReason(decision.reason() + "; would run " + playbook.actions().stream()
                            .map(Playbook.ActionSpec::type).collect(Collectors.joining(" → ")) + " on " + target);
        }
        if (episode.test()) {
            decision = decision.withReason("test alert (" + Episode.TEST_LABEL + "=\"true\"), decided as in shadow mode: "
                    + "nothing runs, nothing goes to PagerDuty; " + decision.reason());
        }
        return new Outcome(playbook, decision, verdict, query,
                decision.kind() == Decision.Kind.REMEDIATE || decision.kind() == Decision.Kind.AWAIT_APPROVAL
                        ? pin(playbook, episode, resolved) : null, target);
    }

    /**
     * What the decision fixes in advance ({@link ActionCatalog#pins}): for a rollback, the revision
     * that is the previous one now (never a blind undo later, which done twice undoes itself). As
     * JSON, or null when nothing is pinned.
     */
    private String pin(Playbook playbook, Episode episode, Map<String, String> resolved) {
        Map<String, String> pins;
        try {
            pins = actions.pins(episode.id(), playbook, episode.labels(), resolved);
        } catch (RuntimeException e) {
            LOG.warnf("episode %d, playbook %s: what its actions pin could not be read: %s", episode.id(),
                    playbook.name(), e.getMessage());
            pins = resolved; // the resolved target stays what the decision was about
        }
        try {
            return pins.isEmpty() ? null : mapper.writeValueAsString(pins);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings did not serialise", e);
        }
    }

    /**
     * Counted as actions: the executions that ran, and for a shadow playbook also the shadow
     * decisions that would have run (test alerts never count), so shadow mode is held back by
     * cooldown, limits and blast radius exactly where auto mode would have been.
     */
    private static final String RAN = "SELECT started_at AS at, target, playbook FROM action_execution "
            + "WHERE state NOT IN ('SKIPPED', 'REFUSED')";
    private static final String WOULD_HAVE_RUN = " UNION ALL SELECT decided_at AS at, target, playbook FROM "
            + "episode_decision WHERE kind = 'SHADOW' AND test_alert = FALSE AND target IS NOT NULL";

    private static String actions(boolean shadow) {
        return "(" + RAN + (shadow ? WOULD_HAVE_RUN : "") + ") acted";
    }

    /** When this playbook's actions last ran on this target, for cooldown and the hourly limit. */
    private List<Instant> earlierActions(Connection c, Playbook playbook, String target, boolean shadow)
            throws SQLException {
        List<Instant> times = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at FROM " + actions(shadow)
                + " WHERE playbook = ? AND target = ? AND at > ?")) {
            ps.setString(1, playbook.name());
            ps.setString(2, target);
            ps.setObject(3, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusDays(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        return times;
    }

    /** Distinct other targets any playbook acted on inside the blast-radius window. */
    private int otherTargetsActedOn(Connection c, String target, boolean shadow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT target) FROM " + actions(shadow)
                + " WHERE at > ? AND target <> ?")) {
            ps.setObject(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                    .minus(safety.blastRadiusWindow()));
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Every action of every playbook in the last hour, for the global hourly limit. */
    private int actionsLastHour(Connection c, boolean shadow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + actions(shadow) + " WHERE at > ?")) {
            ps.setObject(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusHours(1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private void record(Connection c, Episode episode, Outcome o, Instant waitedUntil) throws SQLException {
        try (PreparedStatement check = c.prepareStatement(
                "SELECT 1 FROM episode_decision WHERE episode_id = ? AND playbook = ?")) {
            check.setLong(1, episode.id());
            check.setString(2, o.playbook().name());
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return; // decided already (a second worker, or a retry after a crash)
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO episode_decision (episode_id, playbook, kind, "
                + "reason, score, threshold, query, decided_at, scorer_model, scorer_evidence, waited_until, target, "
                + "test_alert) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, episode.id());
            ps.setString(2, o.playbook().name());
            ps.setString(3, o.decision().kind().name());
            ps.setString(4, o.decision().reason());
            setDouble(ps, 5, o.verdict().score());
            setDouble(ps, 6, o.verdict().threshold());
            ps.setString(7, o.query());
            ps.setObject(8, now);
            ps.setString(9, o.verdict().model());
            ps.setString(10, o.verdict().evidence());
            if (waitedUntil == null) {
                ps.setNull(11, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(11, waitedUntil.atOffset(ZoneOffset.UTC));
            }
            ps.setString(12, o.target());
            ps.setBoolean(13, episode.test());
            ps.executeUpdate();
        }
        switch (o.decision().kind()) {
            case REMEDIATE -> {
                RemediationStore.create(c, episode.id(), o.playbook().name(), Remediation.State.ACTING, o.pinned(), now);
                WorkQueue.enqueue(c, episode.id(), WorkQueue.ACT, now);
            }
            case AWAIT_APPROVAL -> RemediationStore.create(c, episode.id(), o.playbook().name(),
                    Remediation.State.AWAITING_APPROVAL, o.pinned(), now);
            default -> {
                // nothing to run
            }
        }
        if (!episode.test()) {
            audit.decided(c, episode, o.playbook(), o.decision(), scores(o));
        }
    }

    private static Map<String, Object> scores(Outcome o) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("available", o.verdict().available());
        if (o.verdict().available()) {
            scores.put("score", o.verdict().score());
            scores.put("threshold", o.verdict().threshold());
            scores.put("anomalous", o.verdict().anomalous());
            scores.put("source", o.verdict().fromModel() ? "model" : "fallback");
            if (o.verdict().reason() != null) {
                scores.put("reason", o.verdict().reason());
            }
            if (o.verdict().model() != null) {
                scores.put("model", o.verdict().model());
            }
        } else {
            scores.put("detail", o.verdict().detail());
        }
        if (o.query() != null) {
            scores.put("query", o.query());
        }
        return scores;
    }

    private static void setDouble(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            ps.setDouble(index, value);
        } else {
            ps.setNull(index, java.sql.Types.DOUBLE);
        }
    }
}
