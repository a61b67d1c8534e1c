package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.support.Synthetic;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A detector restored from its saved state goes on exactly as the one that saved it: the same
 * outputs, "now", trainings and versions, so a restart reads only the points it missed.
 */
class SeriesDetectorStateTest {

    private static final TrainingPlan PLAN = new TrainingPlan(240, 400);
    private static final ModelSettings SETTINGS = ModelSettings.DEFAULT.withEpochs(1);
    private final ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());
    /** The "store": each version as trained, and how often each was trained. */
    private final Map<Integer, DetectorModel> saved = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> trainings = new ConcurrentHashMap<>();

    private final SeriesDetector.Models models = new SeriesDetector.Models() {
        @Override
        public DetectorModel model(int version, double[] values, long[] ts, int leftOut) {
            trainings.merge(version, 1, Integer::sum);
            DetectorModel m = trainer.train(SeriesRef.of("t", Map.of()), version, values, ts, leftOut, SETTINGS,
                    TrainingProgress.NONE);
            saved.put(version, m);
            return m;
        }

        @Override
        public DetectorModel saved(int version) throws IOException {
            DetectorModel m = saved.get(version);
            if (m == null) {
                throw new IOException("v" + version + " not saved");
            }
            return m;
        }
    };

    private static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + 15_000L * i;
        }
        return t;
    }

    private static double[] history() {
        double[] values = Synthetic.seasonal(2200, 11);
        for (int i = 700; i < 730; i++) {
            values[i] += 6; // an incident: left out of the next training
        }
        values[1500] += 9;
        values[1000] = Double.NaN;
        return values;
    }

    @Test
    void aRestoredDetectorGoesOnExactlyAsTheOneThatSavedIt() throws IOException {
        double[] values = history();
        long[] ts = times(values.length);
        List<Point> whole;
        Now nowWhole;
        try (SeriesDetector d = new SeriesDetector(PLAN, models, 600)) {
            d.advance(ts, values);
            whole = d.points();
            nowWhole = d.now(ts[ts.length - 1]);
        }
        Map<Integer, Integer> trainedOnce = Map.copyOf(trainings);
        trainings.clear();

        int cut = 1234; // after the third training (880), before the fourth (1280)
        SeriesDetector first = new SeriesDetector(PLAN, models, 600);
        first.advance(Arrays.copyOf(ts, cut), Arrays.copyOf(values, cut));
        byte[] state = first.state();
        assertThat(SeriesDetector.seenIn(state)).isEqualTo(cut);
        assertThat(state.length).as("a saved state is small").isLessThan(200_000);
        trainings.clear();

        SeriesDetector restored = SeriesDetector.restore(state, PLAN, models, 600);
        assertThat(restored.seen()).isEqualTo(cut);
        assertThat(restored.modelVersion()).isEqualTo(first.modelVersion()).isEqualTo(3);
        assertThat(restored.points()).isEqualTo(first.points());
        restored.advance(ts, values); // every point again: those seen are skipped
        assertThat(trainedOnce).as("the whole replay trains at 240, 480, 880, 1280, 1680, 2080 points")
                .isEqualTo(Map.of(1, 1, 2, 1, 3, 1, 4, 1, 5, 1, 6, 1));
        assertThat(trainings).as("only the trainings after the cut, once each").isEqualTo(Map.of(4, 1, 5, 1, 6, 1));
        assertThat(restored.points()).isEqualTo(whole);
        assertThat(restored.now(ts[ts.length - 1])).isEqualTo(nowWhole);
        assertThat(restored.state()).as("and its state is the whole replay's").isEqualTo(stateOfWhole(ts, values));
    }

    private byte[] stateOfWhole(long[] ts, double[] values) {
        try (SeriesDetector d = new SeriesDetector(PLAN, models, 600)) {
            d.advance(ts, values);
            return d.state();
        }
    }

    /** Issue 31's bound: a long-lived series at the service's retention, in memory and saved, under 200 KB. */
    @Test
    void aLongLivedSeriesAtTheServedRetentionHoldsUnder200KilobytesInMemoryAndSaved(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        int retain = 1440; // SELFHEAL_TRAINING_RETAIN_POINTS' default
        double[] values = Synthetic.seasonal(9000, 5);
        long[] ts = times(values.length);
        try (SeriesDetector d = new SeriesDetector(new TrainingPlan(240, 100_000), models, retain)) {
            d.advance(ts, values);
            assertThat(d.points()).hasSizeBetween(retain, retain + retain / 16 + 1);
            assertThat(d.at(ts[ts.length - 1])).isNotNull();
            assertThat(d.at(ts[ts.length - 1600])).as("older than the answers kept").isNull();
            assertThat(d.firstKeptTimestamp()).isGreaterThan(ts[ts.length - 1600]);
            long inMemory = d.bytes();
            byte[] state = d.state();
            DetectorModel m = saved.get(d.modelVersion());
            new dev.selfheal.scorer.model.ModelStore(new dev.selfheal.scorer.store.FileBlobs(dir), 1).save(m);
            long model = java.nio.file.Files.size(dir.resolve(m.metadata().id()).resolve("v" + d.modelVersion()));
            System.out.printf("a series of 9,000 points at retain %d: %,d bytes in memory (columns and model), "
                    + "state saved %,d bytes, model saved %,d bytes%n", retain, inMemory, state.length, model);
            assertThat(inMemory).as("columns and model in memory").isLessThan(200_000);
            assertThat(state.length + model).as("state and model saved").isLessThan(200_000);
        }
    }

    @Test
    void aStateThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> SeriesDetector.restore(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 9, 9}, PLAN, models,
                600)).isInstanceOf(IOException.class);
        SeriesDetector d = new SeriesDetector(PLAN, models, 600);
        d.advance(times(300), Synthetic.seasonal(300, 1));
        byte[] state = d.state();
        saved.clear();
        assertThatThrownBy(() -> SeriesDetector.restore(state, PLAN, models, 600))
                .as("its model is gone").isInstanceOf(IOException.class).hasMessageContaining("v1");
    }
}
