package dev.selfheal.receiver.backtest;

import dev.selfheal.receiver.action.TargetNames;
import dev.selfheal.receiver.decide.DecisionPolicy;
import dev.selfheal.receiver.decide.SafetyState;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.kubernetes.WorkloadGuard;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the receiver would have decided for each alert occurrence, in time order: the matching
 * playbooks (the real matcher and templates), the scorer's verdict as of the decision time (the
 * firing time, or its end of the longest {@code confirm.persist} wait, as the receiver waits), and
 * the real {@link DecisionPolicy} with cooldown, hourly limits and blast radius over the actions
 * the backtest itself would have run before. A {@code shadow} playbook is decided as in
 * {@code auto}: the backtest is how one decides to switch. Nothing is executed or written.
 */
final class Backtest {

    /** What one (episode, playbook) would have come to, as the backtest counts it. */
    enum Outcome {
        /** An action would run. */
        REMEDIATE,
        /** It would wait for approval. */
        APPROVE,
        /** The scorer found the metric normal (or back in band by the end of the persistence wait). */
        SUPPRESSED,
        /** Confirmed, but held back by cooldown, an hourly limit, the blast radius or a guard. */
        HELD,
        /** No verdict: the scorer could not answer, or only its fallback did and the playbook wants a model. */
        UNAVAILABLE,
        /** The alert resolved during the persistence wait while the scorer still saw it outside its band. */
        RESOLVED
    }

    /** One (episode, playbook) decision. */
    record Row(AlertOccurrence alert, Playbook playbook, Instant decidedAt, String query, String target,
               Verdict verdict, Decision decision, Outcome outcome) {

        boolean confirmed() {
            return verdict.available() && (outcome == Outcome.REMEDIATE || outcome == Outcome.APPROVE
                    || outcome == Outcome.HELD);
        }
    }

    /** The receiver's safety settings the decisions use (the same defaults as its configuration). */
    record Safety(int maxTargets, Duration blastRadiusWindow, int maxActionsPerHour, WorkloadGuard guard) {
    }

    /** Told after each decision. */
    interface Progress {
        void decided(int done, int total);
    }

    private record Action(Instant at, String playbook, String target) {
    }

    private final List<Playbook> playbooks;
    private final Verdicts verdicts;
    private final Safety safety;
    private final List<Action> actions = new ArrayList<>();

    Backtest(List<Playbook> playbooks, Verdicts verdicts, Safety safety) {
        this.playbooks = playbooks;
        this.verdicts = verdicts;
        this.safety = safety;
    }

    List<Row> run(List<AlertOccurrence> alerts, Progress progress) {
        record Due(AlertOccurrence alert, List<Playbook> matching, Instant at) {
        }
        List<Due> due = new ArrayList<>();
        int total = 0;
        for (AlertOccurrence a : alerts) {
            List<Playbook> matching = playbooks.stream().filter(p -> p.matches(a.labels())).toList();
            Duration wait = matching.stream().map(p -> p.confirm().persist()).max(Comparator.naturalOrder())
                    .orElse(Duration.ZERO);
            due.add(new Due(a, matching, a.firedAt().plus(wait)));
            total += matching.size();
        }
        due.sort(Comparator.comparing(Due::at).thenComparing(d -> d.alert().firedAt()));
        List<Row> rows = new ArrayList<>();
        for (Due d : due) {
            for (Playbook p : d.matching()) {
                rows.add(decide(d.alert(), p, d.at()));
                progress.decided(rows.size(), total);
            }
        }
        return rows;
    }

    private Row decide(AlertOccurrence alert, Playbook playbook, Instant at) {
        Playbook asAuto = playbook.mode() == Playbook.Mode.SHADOW ? playbook.withMode(Playbook.Mode.AUTO) : playbook;
        String query = null;
        Verdict verdict;
        try {
            query = playbook.confirm().query().render(alert.labels());
            verdict = verdicts.asOf(query, playbook.confirm(), at);
        } catch (IllegalArgumentException e) {
            verdict = Verdict.unavailable(e.getMessage());
        }
        String target = TargetNames.of(playbook, alert.labels());
        Decision decision = new DecisionPolicy(Clock.fixed(at, ZoneOffset.UTC))
                .decide(true, asAuto, verdict, earlier(playbook.name(), target, at), safetyAt(at, target));
        if (!alert.firingAt(at)) {
            decision = resolvedDuringWait(playbook, verdict, decision);
        } else if (decision.kind() == Decision.Kind.REMEDIATE || decision.kind() == Decision.Kind.AWAIT_APPROVAL) {
            Optional<String> refused = guard(playbook, alert);
            if (refused.isPresent()) {
                decision = Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.GUARD, refused.get());
            }
        }
        Outcome outcome = outcome(verdict, decision);
        if (outcome == Outcome.REMEDIATE) {
            actions.add(new Action(at, playbook.name(), target));
        }
        return new Row(alert, playbook, at, query, target, verdict, decision, outcome);
    }

    /** As the receiver decides an alert that resolved during the wait: suppressed by a scorer that sees it back in band, else nothing. */
    private static Decision resolvedDuringWait(Playbook playbook, Verdict verdict, Decision asked) {
        if (asked.kind() == Decision.Kind.SUPPRESSED && verdict.available() && !verdict.outsideBandNow()) {
            return asked;
        }
        return Decision.of(Decision.Kind.IGNORE, Decision.Cause.RESOLVED, "the alert resolved during the "
                + playbook.confirm().persist().toSeconds() + "s persistence wait");
    }

    /**
     * The guards the backtest can check without a cluster: the target can be named from the
     * alert's labels, and its namespace is allowed. The opt-in label and the permissions are read
     * from the cluster at action time and are not checked here.
     */
    private Optional<String> guard(Playbook playbook, AlertOccurrence alert) {
        if (playbook.target().http()) {
            return Optional.empty();
        }
        try {
            WorkloadRef ref = WorkloadRef.from(playbook.target(), alert.labels());
            return safety.guard().checkNamespace(ref.namespace());
        } catch (IllegalArgumentException e) {
            return Optional.of("the target cannot be named from the alert's labels: " + e.getMessage());
        }
    }

    private static Outcome outcome(Verdict verdict, Decision decision) {
        if (!verdict.available()) {
            return Outcome.UNAVAILABLE;
        }
        return switch (decision.cause()) {
            case SCORER_UNAVAILABLE, MODEL_NOT_READY -> Outcome.UNAVAILABLE;
            case NORMAL, DID_NOT_PERSIST -> Outcome.SUPPRESSED;
            case COOLDOWN, HOURLY_LIMIT, PAUSED, BLAST_RADIUS, GLOBAL_LIMIT, GUARD -> Outcome.HELD;
            case RESOLVED -> Outcome.RESOLVED;
            case CONFIRMED -> decision.kind() == Decision.Kind.AWAIT_APPROVAL ? Outcome.APPROVE : Outcome.REMEDIATE;
        };
    }

    /** When this playbook's actions ran on this target in the day before {@code at}, as the receiver reads them. */
    private List<Instant> earlier(String playbook, String target, Instant at) {
        Instant since = at.minus(Duration.ofDays(1));
        return actions.stream().filter(a -> a.playbook().equals(playbook) && a.target().equals(target)
                && a.at().isAfter(since) && !a.at().isAfter(at)).map(Action::at).toList();
    }

    private SafetyState safetyAt(Instant at, String target) {
        Instant window = at.minus(safety.blastRadiusWindow());
        Set<String> others = new HashSet<>();
        int lastHour = 0;
        for (Action a : actions) {
            if (a.at().isAfter(window) && !a.target().equals(target)) {
                others.add(a.target());
            }
            if (a.at().isAfter(at.minus(Duration.ofHours(1)))) {
                lastHour++;
            }
        }
        return new SafetyState(false, others.size(), safety.maxTargets(), lastHour, safety.maxActionsPerHour());
    }
}
