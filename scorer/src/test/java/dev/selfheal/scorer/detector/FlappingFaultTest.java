package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fault that keeps coming back (100 points in every 300, for longer than the new-normal span)
 * is outside its band every time: it is not a lasting shift, however often it recurs.
 */
class FlappingFaultTest {

    @Test
    void aFaultThatKeepsComingBackNeverBecomesTheNewNormal() {
        int first = 700;
        int n = first + TrainingSelection.NEW_NORMAL_AFTER + 900;
        double[] values = new double[n];
        long[] times = new long[n];
        Random random = new Random(5);
        for (int i = 0; i < n; i++) {
            boolean fault = i >= first && (i - first) % 300 < 100;
            values[i] = fault ? 0.5 + 0.02 * random.nextGaussian() : Math.max(0, 0.05 + 0.015 * random.nextGaussian());
            times[i] = 1_800_000_000_000L + 2_000L * i;
        }
        ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());
        try (SeriesDetector d = new SeriesDetector(TrainingPlan.DEFAULT, (version, v, ts, leftOut) ->
                trainer.train(SeriesRef.of("t", Map.of()), version, v, ts, leftOut, ModelSettings.DEFAULT.withEpochs(2),
                        TrainingProgress.NONE), 20_000)) {
            d.advance(times, values);
            int last = first + (n - first - 1) / 300 * 300;
            assertThat(d.modelVersion()).isGreaterThanOrEqualTo(3);
            assertThat(d.now(times[last + 5]).outside()).as("the last repeat, %d points in", last - first).isTrue();
            assertThat(d.now(times[last + 99]).outside()).isTrue();
            assertThat(d.now(times[last + 103]).outside()).as("and back after it").isFalse();
        }
    }
}
