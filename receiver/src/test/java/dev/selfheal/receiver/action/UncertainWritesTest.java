package dev.selfheal.receiver.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** After an UNKNOWN outcome: read back, then apply at most once more; never a third write. */
class UncertainWritesTest {

    /** A target that counts writes; its API can lose answers, and its reads can fail. */
    static final class Target implements RemediationAction {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger applies = new AtomicInteger();
        boolean applyLosesAnswer;
        boolean applyFailsBeforeWriting;
        boolean readFails;
        boolean stillUnknownOnSecondTry;

        @Override
        public String type() {
            return "test";
        }

        @Override
        public ActionOutcome apply(ActionRequest request) {
            int n = applies.incrementAndGet();
            if (applyFailsBeforeWriting && n == 1) {
                return new ActionOutcome(ActionOutcome.Status.UNKNOWN, "no answer", "v1", null);
            }
            if (stillUnknownOnSecondTry) {
                return new ActionOutcome(ActionOutcome.Status.UNKNOWN, "no answer again", "v1", null);
            }
            if (writes.get() > 0) {
                return ActionOutcome.noop("already v2", "v2");
            }
            writes.incrementAndGet();
            return applyLosesAnswer && n == 1 ? new ActionOutcome(ActionOutcome.Status.UNKNOWN, "no answer", "v1", null)
                    : ActionOutcome.succeeded("written", "v1", "v2");
        }

        @Override
        public Optional<ActionOutcome> reconcile(ActionRequest request) {
            if (readFails) {
                throw new IllegalStateException("the API is down");
            }
            return writes.get() > 0 ? Optional.of(ActionOutcome.noop("target shows v2", "v2")) : Optional.empty();
        }

        @Override
        public String target(ActionRequest request) {
            return "t";
        }
    }

    private static ActionOutcome run(Target t) {
        ActionOutcome first = t.apply(null);
        return UncertainWrites.settle(t, null, first);
    }

    @Test
    void aDefiniteOutcomeIsLeftAlone() {
        Target t = new Target();
        assertThat(run(t).status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(t.applies).hasValue(1);
    }

    @Test
    void aWriteAppliedButUnansweredIsReadBackAndNotWrittenAgain() {
        Target t = new Target();
        t.applyLosesAnswer = true;
        ActionOutcome outcome = run(t);
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(outcome.detail()).isEqualTo("no answer; read back: target shows v2");
        assertThat(outcome.before()).isEqualTo("v1");
        assertThat(t.writes).hasValue(1);
        assertThat(t.applies).hasValue(1);
    }

    @Test
    void aWriteThatDidNotHappenIsAppliedOnceMore() {
        Target t = new Target();
        t.applyFailsBeforeWriting = true;
        ActionOutcome outcome = run(t);
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(outcome.detail()).contains("read back: not applied; applied again: written");
        assertThat(t.writes).hasValue(1);
        assertThat(t.applies).hasValue(2);
    }

    @Test
    void aSecondUnknownStaysUnknownWithoutAThirdTry() {
        Target t = new Target();
        t.applyFailsBeforeWriting = true;
        t.stillUnknownOnSecondTry = true;
        assertThat(run(t).status()).isEqualTo(ActionOutcome.Status.UNKNOWN);
        assertThat(t.applies).hasValue(2);
    }

    @Test
    void aTargetThatCannotBeReadLeavesItUnknownForVerification() {
        Target t = new Target();
        t.applyLosesAnswer = true;
        t.readFails = true;
        ActionOutcome outcome = run(t);
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.UNKNOWN);
        assertThat(outcome.status().verifiable()).isTrue();
        assertThat(t.applies).hasValue(1);
    }
}
