package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A noisy error ratio at a 2 s step, as the demo's confirm query reads it: a sustained fault, the
 * models retrained after it, the same fault again, a blip, and a deploy that changes the normal
 * level for good. One replay, read point by point through "now", as the service and score-csv read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecurringFaultTest {

    /** The fault ends just before the training at 1,200 points: in the part that calibrates it. */
    static final int FAULT = 1050;
    static final int FAULT_LENGTH = 90;
    static final int REPEAT = 1500;
    static final int BLIP = 1800;
    static final int STEP = 2500;
    static final int N = STEP + TrainingSelection.NEW_NORMAL_AFTER + 400;
    static final long T0 = 1_800_000_000_000L;

    private final List<int[]> trainings = new ArrayList<>();
    private final double[] values = new double[N];
    private final long[] times = new long[N];
    private SeriesDetector detector;

    @BeforeAll
    void replay() {
        Random random = new Random(11);
        for (int i = 0; i < N; i++) {
            double normal = (i >= STEP ? 0.16 : 0.05) + 0.015 * random.nextGaussian();
            boolean fault = i >= FAULT && i < FAULT + FAULT_LENGTH || i >= REPEAT && i < REPEAT + FAULT_LENGTH;
            boolean blip = i >= BLIP && i < BLIP + 2;
            values[i] = fault || blip ? 0.5 + 0.02 * random.nextGaussian() : Math.max(0, normal);
            times[i] = T0 + 2_000L * i;
        }
        ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());
        detector = new SeriesDetector(TrainingPlan.DEFAULT, (version, v, ts, leftOut) -> {
            trainings.add(new int[] {version, v.length, leftOut});
            return trainer.train(SeriesRef.of("t", Map.of()), version, v, ts, leftOut,
                    ModelSettings.DEFAULT.withEpochs(3), TrainingProgress.NONE);
        }, 20_000);
        detector.advance(times, values);
    }

    private Now nowAt(int i) {
        return detector.now(times[i]);
    }

    @Test
    void modelsTrainedAfterTheFaultLeaveItsPointsOut() {
        // trained at 600 (before the fault), 1200 (after it) and 2400 (after its repeat and the blip):
        // each fault's points and a margin are left out, and nothing else
        assertThat(trainings.get(0)[2]).isZero();
        int oneFault = FAULT_LENGTH + 2 * TrainingSelection.MARGIN;
        assertThat(trainings.get(1)[2]).isBetween(FAULT_LENGTH, oneFault + 2);
        assertThat(trainings.get(2)[2]).isBetween(2 * FAULT_LENGTH, 2 * oneFault + 2 + 2 + 2 * TrainingSelection.MARGIN);
    }

    @Test
    void theSameFaultIsFlaggedAgainAfterARetrainingOnIt() {
        Now first = nowAt(FAULT + 5);
        Now again = nowAt(REPEAT + 5);
        assertThat(first.outside()).isTrue();
        assertThat(again.outside()).isTrue();
        assertThat(again.modelVersion()).isGreaterThan(first.modelVersion());
        // the repeat stays outside for as long as it lasts, against a band that did not widen to take it in
        for (int i = REPEAT + 2; i < REPEAT + FAULT_LENGTH; i++) {
            assertThat(nowAt(i).outside()).as("point %d of the repeat", i - REPEAT).isTrue();
        }
        assertThat(again.normalHigh()).isLessThan(0.3);
        assertThat(Reasons.now(again)).contains("sustained").contains("model v" + again.modelVersion());
    }

    @Test
    void aFaultReadsBackWithinTwoStepsOfItsValuesBeingBack() {
        assertThat(nowAt(REPEAT + FAULT_LENGTH + 1).outside()).isFalse();
        assertThat(nowAt(FAULT + FAULT_LENGTH + 1).outside()).isFalse();
        assertThat(Reasons.now(nowAt(REPEAT + FAULT_LENGTH + 3))).startsWith("value ").contains("back inside");
    }

    @Test
    void aFinishedBlipReadsNormalWithinTwoSteps() {
        assertThat(nowAt(BLIP + 1).outside()).isTrue();
        assertThat(nowAt(BLIP + 3).outside()).isFalse();
        assertThat(nowAt(BLIP + 3).run()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aLastingShiftBecomesTheNewNormal() {
        assertThat(nowAt(STEP + 20).outside()).as("a new level is outside at first").isTrue();
        int last = trainings.size() - 1;
        assertThat(trainings.get(last)[2]).as("the shift is not left out of the model trained on it")
                .isLessThan(TrainingSelection.NEW_NORMAL_AFTER);
        for (int i = N - 100; i < N; i++) {
            assertThat(nowAt(i).outside()).as("point %d after the shift", i - STEP).isFalse();
        }
    }
}
