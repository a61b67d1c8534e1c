package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.support.Synthetic;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesDetectorTest {

    private static final TrainingPlan PLAN = new TrainingPlan(240, 400);
    private static final ModelSettings SETTINGS = ModelSettings.DEFAULT.withEpochs(2);
    private final ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());
    private final List<Integer> trainedAt = new ArrayList<>();

    private SeriesDetector detector(int retain) {
        return new SeriesDetector(PLAN, (version, values, ts, leftOut) -> {
            trainedAt.add(values.length + leftOut);
            return trainer.train(SeriesRef.of("t", Map.of()), version, values, ts, leftOut, SETTINGS,
                    TrainingProgress.NONE);
        }, retain);
    }

    private static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + 15_000L * i;
        }
        return t;
    }

    @Test
    void theSamePointsGiveTheSameOutputsWhateverTheChunks() {
        double[] values = Synthetic.seasonal(1300, 7);
        values[1100] += 5;
        values[500] = Double.NaN;
        long[] ts = times(values.length);
        List<Point> whole;
        try (SeriesDetector d = detector(5000)) {
            d.advance(ts, values);
            whole = d.points();
        }
        assertThat(trainedAt).containsExactly(240, 480, 880, 1280);
        Random random = new Random(3);
        List<Point> chunked;
        try (SeriesDetector d = detector(5000)) {
            int from = 0;
            while (from < values.length) {
                int to = Math.min(values.length, from + 1 + random.nextInt(300));
                // overlapping chunks, as a retried fetch sends: points already seen are skipped
                int start = Math.max(0, from - random.nextInt(5));
                d.advance(Arrays.copyOfRange(ts, start, to), Arrays.copyOfRange(values, start, to));
                from = to;
            }
            chunked = d.points();
        }
        assertThat(chunked).isEqualTo(whole);
        Point spike = whole.get(1100);
        assertThat(spike.anomalous()).isTrue();
        assertThat(spike.flagged()).isTrue();
        assertThat(spike.score()).isGreaterThanOrEqualTo(EventDetector.THRESHOLD);
        assertThat(spike.modelVersion()).isEqualTo(3);
        assertThat(whole.get(500).value()).as("a NaN counts as the last finite value").isEqualTo(values[499]);
        assertThat(whole.get(100).fromModel()).isFalse();
        assertThat(whole.get(100).component()).isEqualTo(Component.FALLBACK);
        // the event stays open after the spike for a while, muted in score but still anomalous
        Point after = whole.get(1101);
        assertThat(after.anomalous()).isTrue();
        assertThat(after.score()).isLessThan(EventDetector.THRESHOLD);
        assertThat(after.eventStart()).isEqualTo(ts[1100]);
        assertThat(Reasons.of(after)).contains("open since");
    }

    @Test
    void answersAboutThePastComeFromWhatWasSaidThenAndOldPointsAreDropped() {
        double[] values = Synthetic.seasonal(900, 8);
        long[] ts = times(values.length);
        try (SeriesDetector d = detector(100)) {
            d.advance(Arrays.copyOf(ts, 300), Arrays.copyOf(values, 300));
            Point then = d.at(ts[299]);
            d.advance(ts, values);
            assertThat(d.seen()).isEqualTo(900);
            assertThat(d.firstKeptTimestamp()).isGreaterThan(ts[299]);
            assertThat(d.at(ts[299])).isNull();
            assertThat(d.at(ts[899] + 7_000)).isEqualTo(d.at(ts[899]));
            assertThat(d.between(ts[850], ts[860])).hasSize(11);
            assertThat(then.timestamp()).isEqualTo(ts[299]);
        }
    }
}
