package dev.selfheal.receiver.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook.VerifyCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification decisions, pure, with a fixed Clock. */
class VerificationPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final VerificationPolicy POLICY = new VerificationPolicy(Clock.fixed(NOW, ZoneOffset.UTC));
    static final Instant PAST = NOW.minusSeconds(30);
    static final Instant FUTURE = NOW.plusSeconds(30);
    static final Verdict NORMAL = Verdict.of(0.1, 0.5);
    static final Verdict ANOMALOUS = Verdict.of(0.9, 0.5);
    static final Verdict DOWN = Verdict.unavailable("down");
    static final Duration SETTLE = Duration.ofSeconds(5);

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("settling", VerifyCheck.BOTH, FUTURE, FUTURE, true, NORMAL, VerificationPolicy.Result.WAIT),
                Arguments.of("scorer normal", VerifyCheck.SCORER, PAST, FUTURE, false, NORMAL, VerificationPolicy.Result.HEALED),
                Arguments.of("scorer anomalous, time left", VerifyCheck.SCORER, PAST, FUTURE, false, ANOMALOUS, VerificationPolicy.Result.NOT_YET),
                Arguments.of("scorer down is not healed", VerifyCheck.SCORER, PAST, FUTURE, false, DOWN, VerificationPolicy.Result.NOT_YET),
                Arguments.of("scorer: back in band for settle, event still open", VerifyCheck.SCORER, PAST, FUTURE, false, ANOMALOUS.withNormalFor(Duration.ofSeconds(6)), VerificationPolicy.Result.HEALED),
                Arguments.of("scorer: back in band for less than settle", VerifyCheck.SCORER, PAST, FUTURE, false, ANOMALOUS.withNormalFor(Duration.ofSeconds(4)), VerificationPolicy.Result.NOT_YET),
                Arguments.of("scorer: a resolve first counts as healed", VerifyCheck.SCORER, PAST, FUTURE, true, ANOMALOUS, VerificationPolicy.Result.HEALED),
                Arguments.of("scorer: a resolve while the scorer is down", VerifyCheck.SCORER, PAST, FUTURE, true, DOWN, VerificationPolicy.Result.HEALED),
                Arguments.of("both: back in band is not the event closed", VerifyCheck.BOTH, PAST, FUTURE, true, ANOMALOUS.withNormalFor(Duration.ofSeconds(60)), VerificationPolicy.Result.NOT_YET),
                Arguments.of("scorer anomalous at the deadline", VerifyCheck.SCORER, PAST, PAST, false, ANOMALOUS, VerificationPolicy.Result.NOT_HEALED),
                Arguments.of("resolved", VerifyCheck.RESOLVED, PAST, FUTURE, true, null, VerificationPolicy.Result.HEALED),
                Arguments.of("still firing at the deadline", VerifyCheck.RESOLVED, PAST, PAST, false, null, VerificationPolicy.Result.NOT_HEALED),
                Arguments.of("both: resolved and normal", VerifyCheck.BOTH, PAST, FUTURE, true, NORMAL, VerificationPolicy.Result.HEALED),
                Arguments.of("both: normal but firing", VerifyCheck.BOTH, PAST, FUTURE, false, NORMAL, VerificationPolicy.Result.NOT_YET),
                Arguments.of("both: resolved but anomalous", VerifyCheck.BOTH, PAST, PAST, true, ANOMALOUS, VerificationPolicy.Result.NOT_HEALED),
                Arguments.of("now: back for settle, the event still open", VerifyCheck.SCORER, PAST, FUTURE, false, withNow(ANOMALOUS, false, 6), VerificationPolicy.Result.HEALED),
                Arguments.of("now: back for less than settle", VerifyCheck.SCORER, PAST, FUTURE, false, withNow(NORMAL, false, 4), VerificationPolicy.Result.NOT_YET),
                Arguments.of("now: back and the alert resolved: no settle needed", VerifyCheck.SCORER, PAST, FUTURE, true, withNow(ANOMALOUS, false, 2), VerificationPolicy.Result.HEALED),
                Arguments.of("now: resolved, the scorer still sees it outside: wait for it", VerifyCheck.SCORER, PAST, FUTURE, true, withNow(ANOMALOUS, true, 10), VerificationPolicy.Result.NOT_YET),
                Arguments.of("now: resolved, still outside at the deadline: not healed", VerifyCheck.SCORER, PAST, PAST, true, withNow(ANOMALOUS, true, 10), VerificationPolicy.Result.NOT_HEALED),
                Arguments.of("now: outside, no event (a repeat the score is quiet on)", VerifyCheck.SCORER, PAST, PAST, false, withNow(NORMAL, true, 10), VerificationPolicy.Result.NOT_HEALED),
                Arguments.of("now, both: resolved and back", VerifyCheck.BOTH, PAST, FUTURE, true, withNow(ANOMALOUS, false, 1), VerificationPolicy.Result.HEALED));
    }

    static Verdict withNow(Verdict v, boolean outside, int seconds) {
        return Verdict.served(v.anomalous(), v.score(), v.threshold(), "READY model m v2", true, null, null,
                v.deviation(), null, new Verdict.Now(outside, Duration.ofSeconds(seconds), NOW.minusSeconds(seconds),
                        outside ? "value 0.5 against a normal band of 0–0.2 for the last 5 points (10 s): sustained (model v2)"
                                : "value 0.04 back inside a normal band of 0–0.2 for the last 2 points (4 s) (model v2)"));
    }

    @org.junit.jupiter.api.Test
    void theScorerCheckRecordsWhenTheScorerSawTheSeriesBack() {
        VerificationPolicy.Outcome healed = POLICY.evaluate(VerifyCheck.SCORER, PAST, FUTURE, true,
                withNow(ANOMALOUS, false, 2), SETTLE);
        assertThat(healed.detail()).isEqualTo("healed: the scorer sees the series back in its band: value 0.04 back "
                + "inside a normal band of 0–0.2 for the last 2 points (4 s) (model v2)");
        assertThat(healed.scorerBack()).isEqualTo(NOW.minusSeconds(2));
        VerificationPolicy.Outcome waiting = POLICY.evaluate(VerifyCheck.SCORER, PAST, FUTURE, true,
                withNow(ANOMALOUS, true, 10), SETTLE);
        assertThat(waiting.scorerBack()).isNull();
        assertThat(waiting.detail()).startsWith("the alert resolved, but the scorer sees the series still outside");
        assertThat(POLICY.evaluate(VerifyCheck.RESOLVED, PAST, FUTURE, true, withNow(ANOMALOUS, false, 2), SETTLE)
                .scorerBack()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void evaluates(String what, VerifyCheck check, Instant after, Instant deadline, boolean resolved, Verdict verdict,
                   VerificationPolicy.Result expected) {
        assertThat(POLICY.evaluate(check, after, deadline, resolved, verdict, SETTLE).result()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theScorerCheckSaysWhatItSawAndLooksAgainEverySecond() {
        VerificationPolicy.Outcome healed = POLICY.evaluate(VerifyCheck.SCORER, PAST, FUTURE, false,
                ANOMALOUS.withNormalFor(Duration.ofSeconds(6)), SETTLE);
        assertThat(healed.detail()).isEqualTo("healed: the scorer finds the series back inside its band for 6s "
                + "(its event closes later; score 0.90)");
        VerificationPolicy.Outcome resolved = POLICY.evaluate(VerifyCheck.SCORER, PAST, FUTURE, true, ANOMALOUS, SETTLE);
        assertThat(resolved.detail()).startsWith("healed: the alert resolved before the scorer saw the series back");
        VerificationPolicy.Outcome notYet = POLICY.evaluate(VerifyCheck.SCORER, PAST, FUTURE, false, ANOMALOUS, SETTLE);
        assertThat(notYet.again()).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.evaluate(VerifyCheck.BOTH, PAST, FUTURE, false, ANOMALOUS, SETTLE).again())
                .isEqualTo(Duration.ofSeconds(5));
    }
}
