package dev.selfheal.receiver.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision table: every outcome, with a fixed clock. */
class DecisionPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final Playbook BASE = PlaybookLoader.load(Path.of("../playbooks.yml")).get(0); // auto, persist 10s; cooldown 10m and 3/h set below
    static final DecisionPolicy POLICY = new DecisionPolicy(Clock.fixed(NOW, ZoneOffset.UTC));

    static Playbook with(Playbook.Mode mode, Playbook.OnScorerUnavailable onUnavailable) {
        Playbook.Confirm c = BASE.confirm();
        return new Playbook(BASE.name(), BASE.match(), new Playbook.Confirm(c.query(), c.window(), c.step(),
                c.threshold(), onUnavailable, Playbook.OnModelNotReady.PAGE, c.persist()), BASE.target(), BASE.actions(), mode,
                Duration.ofMinutes(10), 3,
                BASE.verify(), BASE.pagerduty(), false, null);
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    static final Verdict ANOMALOUS = Verdict.of(0.93, 0.5);
    static final Verdict NORMAL = Verdict.of(0.21, 0.5);
    static final Verdict DOWN = Verdict.unavailable();
    static final Playbook.OnScorerUnavailable PAGE = Playbook.OnScorerUnavailable.PAGE;

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("resolved", false, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), Decision.Kind.IGNORE, "resolved"),
                Arguments.of("confirmed, auto", true, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), Decision.Kind.REMEDIATE, "score 0.93"),
                Arguments.of("confirmed, shadow", true, with(Playbook.Mode.SHADOW, PAGE), ANOMALOUS, List.of(), Decision.Kind.SHADOW, "shadow"),
                Arguments.of("confirmed, approve", true, with(Playbook.Mode.APPROVE, PAGE), ANOMALOUS, List.of(), Decision.Kind.AWAIT_APPROVAL, "approval"),
                Arguments.of("scorer says normal", true, with(Playbook.Mode.AUTO, PAGE), NORMAL, List.of(), Decision.Kind.SUPPRESSED, "normal (score 0.21 < 0.50)"),
                Arguments.of("scorer down, page", true, with(Playbook.Mode.AUTO, PAGE), DOWN, List.of(), Decision.Kind.PAGE_ONLY, "policy: page"),
                Arguments.of("scorer down, skip", true, with(Playbook.Mode.AUTO, Playbook.OnScorerUnavailable.SKIP), DOWN, List.of(), Decision.Kind.IGNORE, "policy: skip"),
                Arguments.of("scorer down, remediate", true, with(Playbook.Mode.AUTO, Playbook.OnScorerUnavailable.REMEDIATE), DOWN, List.of(), Decision.Kind.REMEDIATE, "policy: remediate"),
                Arguments.of("in cooldown", true, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(5)), Decision.Kind.SUPPRESSED, "cooldown"),
                Arguments.of("cooldown over", true, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(11)), Decision.Kind.REMEDIATE, "confirms"),
                Arguments.of("hourly limit", true, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(15), ago(30), ago(45)), Decision.Kind.PAGE_ONLY, "maxPerHour 3"),
                Arguments.of("old actions do not count", true, with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(15), ago(61), ago(90)), Decision.Kind.REMEDIATE, "confirms"),
                Arguments.of("normal wins over limits", true, with(Playbook.Mode.AUTO, PAGE), NORMAL, List.of(ago(1)), Decision.Kind.SUPPRESSED, "normal"),
                Arguments.of("served verdict, not the score", true, with(Playbook.Mode.AUTO, PAGE), OPEN_EVENT, List.of(), Decision.Kind.REMEDIATE, "event is open"),
                Arguments.of("persist: the burst is over", true, with(Playbook.Mode.AUTO, PAGE), OPEN_EVENT_BACK_IN_BAND, List.of(), Decision.Kind.SUPPRESSED, "back in its normal band after the 10s persistence wait (deviation 0.40×"),
                Arguments.of("no persist: an open event confirms", true, withPersist(Duration.ZERO), OPEN_EVENT_BACK_IN_BAND, List.of(), Decision.Kind.REMEDIATE, "event is open"),
                Arguments.of("persist: unknown deviation does not confirm", true, with(Playbook.Mode.AUTO, PAGE), Verdict.served(true, 0.9, 0.5, "READY model m-1 v2", true, "flags", "{}", Double.NaN, null), List.of(), Decision.Kind.SUPPRESSED, "persistence wait"),
                Arguments.of("no model yet, page", true, with(Playbook.Mode.AUTO, PAGE), FALLBACK_ANOMALOUS, List.of(), Decision.Kind.PAGE_ONLY, "no trained model for this series yet (FALLBACK (median/MAD fallback; model m-1)); policy: page"),
                Arguments.of("no model yet, normal, page", true, with(Playbook.Mode.AUTO, PAGE), FALLBACK_NORMAL, List.of(), Decision.Kind.PAGE_ONLY, "policy: page"),
                Arguments.of("no model yet, skip", true, withModelPolicy(Playbook.OnModelNotReady.SKIP), FALLBACK_ANOMALOUS, List.of(), Decision.Kind.IGNORE, "policy: skip"),
                Arguments.of("no model yet, fallback decides", true, withModelPolicy(Playbook.OnModelNotReady.FALLBACK), FALLBACK_ANOMALOUS, List.of(), Decision.Kind.REMEDIATE, "median/MAD fallback"),
                Arguments.of("no model yet, fallback finds normal", true, withModelPolicy(Playbook.OnModelNotReady.FALLBACK), FALLBACK_NORMAL, List.of(), Decision.Kind.SUPPRESSED, "normal"),
                Arguments.of("now: outside confirms though no event is open", true, with(Playbook.Mode.AUTO, PAGE), NOW_OUTSIDE_NO_EVENT, List.of(), Decision.Kind.REMEDIATE, "the scorer confirms: value 0.5000 against a normal band of 0.0000–0.2100 for the last 5 points (10 s): sustained (model v2)"),
                Arguments.of("now: back in band suppresses though the event is open", true, with(Playbook.Mode.AUTO, PAGE), NOW_BACK_EVENT_OPEN, List.of(), Decision.Kind.SUPPRESSED, "back in its normal band after the 10s persistence wait: value 0.0400 back inside"),
                Arguments.of("now: back in band, no wait, nothing open", true, withPersist(Duration.ZERO), NOW_BACK_NO_EVENT, List.of(), Decision.Kind.SUPPRESSED, "the scorer finds the metric normal: value 0.0400 back inside"),
                Arguments.of("now: outside but in cooldown is held", true, with(Playbook.Mode.AUTO, PAGE), NOW_OUTSIDE_NO_EVENT, List.of(ago(5)), Decision.Kind.SUPPRESSED, "cooldown"));
    }

    static Verdict.Now now(boolean outside, int points, String words) {
        return new Verdict.Now(outside, Duration.ofSeconds(2L * points), NOW.minusSeconds(2L * points), words);
    }

    /** A repeat of an earlier fault: the event stage opened nothing (the score is quiet), the latest points are outside. */
    static final Verdict NOW_OUTSIDE_NO_EVENT = Verdict.served(false, 0.1, 0.5, "READY model m-1 v2", true,
            "normal: every component under its calibrated threshold (closest: the LSTM forecast at 1.18×)", "{}", 1.18, null,
            now(true, 5, "value 0.5000 against a normal band of 0.0000–0.2100 for the last 5 points (10 s): sustained (model v2)"));
    /** A finished blip: a window feature still holds the event open, the latest points are back. */
    static final Verdict NOW_BACK_EVENT_OPEN = Verdict.served(true, 0.0, 0.5, "READY model m-1 v2", true,
            "an anomalous event is open, opened by the level check (largest deviation now 1.62×)", "{}", 1.62, null,
            now(false, 3, "value 0.0400 back inside a normal band of 0.0000–0.2100 for the last 3 points (6 s) (model v2)"));
    static final Verdict NOW_BACK_NO_EVENT = Verdict.served(false, 0.0, 0.5, "READY model m-1 v2", true, "normal", "{}",
            0.3, null, now(false, 40, "value 0.0400 back inside a normal band of 0.0000–0.2100 for the last 40 points (80 s) (model v2)"));

    /** An event opened minutes ago: its score is muted by the refractory period, the verdict is not. */
    static final Verdict OPEN_EVENT = Verdict.served(true, 0.0, 0.5, "READY model m-1 v2", true,
            "an anomalous event is open since 2026-11-28T02:55:00Z", "{}", 1.4, null);
    /** The same event, the series back in its normal band at the latest point (a burst that is over). */
    static final Verdict OPEN_EVENT_BACK_IN_BAND = Verdict.served(true, 0.0, 0.5, "READY model m-1 v2", true,
            "an anomalous event is open since 2026-11-28T02:55:00Z", "{}", 0.4, null);
    static final Verdict FALLBACK_ANOMALOUS = Verdict.served(true, 0.9, 0.5, "FALLBACK (median/MAD fallback; model m-1)",
            false, "the median/MAD fallback flags this point", "{}", 3.0, null);
    static final Verdict FALLBACK_NORMAL = Verdict.served(false, 0.1, 0.5, "FALLBACK (median/MAD fallback; model m-1)",
            false, "normal", "{}", 0.2, null);

    static Playbook withModelPolicy(Playbook.OnModelNotReady policy) {
        Playbook p = with(Playbook.Mode.AUTO, PAGE);
        Playbook.Confirm c = p.confirm();
        return new Playbook(p.name(), p.match(), new Playbook.Confirm(c.query(), c.window(), c.step(), c.threshold(),
                c.onScorerUnavailable(), policy, c.persist()), p.target(), p.actions(), p.mode(), p.cooldown(), p.maxPerHour(),
                p.verify(), p.pagerduty(), false, null);
    }

    static Playbook withPersist(Duration persist) {
        Playbook p = with(Playbook.Mode.AUTO, PAGE);
        Playbook.Confirm c = p.confirm();
        return new Playbook(p.name(), p.match(), new Playbook.Confirm(c.query(), c.window(), c.step(), c.threshold(),
                c.onScorerUnavailable(), c.onModelNotReady(), persist), p.target(), p.actions(), p.mode(), p.cooldown(),
                p.maxPerHour(), p.verify(), p.pagerduty(), false, null);
    }

    static final SafetyState OPEN = SafetyState.open();
    static final SafetyState PAUSED = new SafetyState(true, 0, 5);
    static final SafetyState WIDE = new SafetyState(false, 5, 5);
    static final SafetyState NARROW = new SafetyState(false, 4, 5);

    /** Every mode × verdict × scorer-down policy × cooldown × limit × blast radius × pause, against the expected kind. */
    static Stream<Arguments> safety() {
        return Stream.of(
                Arguments.of("paused, auto", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), PAUSED, Decision.Kind.PAGE_ONLY, "paused"),
                Arguments.of("paused, approve", with(Playbook.Mode.APPROVE, PAGE), ANOMALOUS, List.of(), PAUSED, Decision.Kind.PAGE_ONLY, "paused"),
                Arguments.of("paused, shadow: auto would not run, so neither does it claim to", with(Playbook.Mode.SHADOW, PAGE), ANOMALOUS, List.of(), PAUSED, Decision.Kind.PAGE_ONLY, "paused"),
                Arguments.of("blast radius reached, shadow", with(Playbook.Mode.SHADOW, PAGE), ANOMALOUS, List.of(), WIDE, Decision.Kind.PAGE_ONLY, "blast radius"),
                Arguments.of("paused, normal", with(Playbook.Mode.AUTO, PAGE), NORMAL, List.of(), PAUSED, Decision.Kind.SUPPRESSED, "normal"),
                Arguments.of("paused, scorer down, remediate", with(Playbook.Mode.AUTO, Playbook.OnScorerUnavailable.REMEDIATE), DOWN, List.of(), PAUSED, Decision.Kind.PAGE_ONLY, "paused"),
                Arguments.of("blast radius reached", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), WIDE, Decision.Kind.PAGE_ONLY, "blast radius"),
                Arguments.of("blast radius reached, approve", with(Playbook.Mode.APPROVE, PAGE), ANOMALOUS, List.of(), WIDE, Decision.Kind.PAGE_ONLY, "blast radius"),
                Arguments.of("blast radius not reached", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), NARROW, Decision.Kind.REMEDIATE, "confirms"),
                Arguments.of("cooldown before blast radius", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(5)), WIDE, Decision.Kind.SUPPRESSED, "cooldown"),
                Arguments.of("hourly limit and pause", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(ago(15), ago(30), ago(45)), PAUSED, Decision.Kind.PAGE_ONLY, "maxPerHour"),
                Arguments.of("scorer down, skip, paused", with(Playbook.Mode.AUTO, Playbook.OnScorerUnavailable.SKIP), DOWN, List.of(), PAUSED, Decision.Kind.IGNORE, "skip"),
                Arguments.of("global hourly limit", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), new SafetyState(false, 0, 5, 30, 30), Decision.Kind.PAGE_ONLY, "global limit"),
                Arguments.of("under the global limit", with(Playbook.Mode.AUTO, PAGE), ANOMALOUS, List.of(), new SafetyState(false, 0, 5, 29, 30), Decision.Kind.REMEDIATE, "confirms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safety")
    void safetyLimits(String what, Playbook playbook, Verdict verdict, List<Instant> earlier, SafetyState state,
                      Decision.Kind expected, String reason) {
        Decision decision = POLICY.decide(true, playbook, verdict, earlier, state);
        assertThat(decision.kind()).isEqualTo(expected);
        assertThat(decision.reason()).contains(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String what, boolean firing, Playbook playbook, Verdict verdict, List<Instant> earlier,
                 Decision.Kind expected, String reason) {
        Decision decision = POLICY.decide(firing, playbook, verdict, earlier, OPEN);
        assertThat(decision.kind()).isEqualTo(expected);
        assertThat(decision.reason()).contains(reason);
    }
}
