package dev.selfheal.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.store.FileBlobs;
import dev.selfheal.scorer.support.Synthetic;
import dev.selfheal.scorer.support.Synthetic.Anomaly;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The model on synthetic metrics: injected anomalies are flagged soon after they start, and a
 * clean seasonal continuation is not. One model is trained for the class (2,000 points).
 */
class DetectorModelTest {

    static final int TRAIN = 2000;
    static final int TOTAL = 3200;
    static final double THRESHOLD = 0.5;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);

    static double[] clean;
    static DetectorModel model;

    @BeforeAll
    static void train() {
        clean = Synthetic.seasonal(TOTAL, 7);
        model = new ModelTrainer(CLOCK).train(SeriesRef.of("synthetic", Map.of("case", "seasonal")), 1,
                Arrays.copyOf(clean, TRAIN), null, 0, ModelSettings.DEFAULT.withEpochs(6), TrainingProgress.NONE);
    }

    /**
     * The bound: the calibrated thresholds sit 1.5× beyond the held-back 99th percentile of each
     * component, which for near-Gaussian residuals is about 3.9σ (two-sided tail ≈ 1e-4 per
     * component). 1% allows for a small model error and still means at most one false page in a
     * hundred checks of a healthy metric.
     */
    @Test
    void cleanSeasonalWindowsAreNotFlagged() {
        List<PointScore> scores = model.scoreRange(clean, TRAIN, TOTAL);
        long flagged = scores.stream().filter(p -> p.score() >= THRESHOLD).count();
        assertThat(scores).hasSize(1200);
        assertThat((double) flagged / scores.size()).as("false-positive rate over 1,200 normal windows").isLessThan(0.01);
        assertThat(scores).allSatisfy(p -> assertThat(p.score()).isBetween(0.0, 1.0));
    }

    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void injectedAnomaliesAreFlaggedSoonAfterTheyStart(Anomaly anomaly) {
        int at = 2500;
        int within = switch (anomaly) {
            case SPIKE, LEVEL_SHIFT -> 1;
            case VARIANCE_CHANGE -> 20;
            case FLATLINE -> 40;
            case SLOW_DRIFT -> 150;
        };
        double[] values = Synthetic.inject(clean, anomaly, at, 11);
        List<PointScore> scores = model.scoreRange(values, at, at + within);
        List<Double> seen = new ArrayList<>();
        scores.forEach(p -> seen.add(p.score()));
        assertThat(seen).as(anomaly + " flagged within " + within + " points").anyMatch(s -> s >= THRESHOLD);
        // and not before it started
        assertThat(model.scoreLatest(Arrays.copyOf(values, at)).score()).isLessThan(THRESHOLD);
    }

    @Test
    void reasonsSayWhatIsUnusualInPlainWords() {
        double[] values = Synthetic.inject(clean, Anomaly.SPIKE, 2600, 1);
        PointScore p = model.scoreLatest(Arrays.copyOf(values, 2601));
        assertThat(p.reasons().get(0)).matches("latest value \\d+\\.\\d σ above the LSTM forecast \\(threshold \\d+\\.\\d σ\\)");
        assertThat(p.bandLow()).isLessThan(p.forecast()).isLessThan(p.bandHigh());
        assertThat(p.actual()).isGreaterThan(p.bandHigh());
    }

    @Test
    void saveThenLoadGivesIdenticalScores(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(new FileBlobs(dir), 2);
        store.save(model);
        double[] values = Synthetic.inject(clean, Anomaly.LEVEL_SHIFT, 2900, 3);
        DetectorModel loaded = store.load(model.metadata().id(), model.metadata().version());
        {
            assertThat(loaded.metadata()).isEqualTo(model.metadata());
            List<PointScore> before = model.scoreRange(values, 2800, 3000);
            List<PointScore> after = loaded.scoreRange(values, 2800, 3000);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i).score()).isEqualTo(before.get(i).score());
                assertThat(after.get(i).forecast()).isEqualTo(before.get(i).forecast());
            }
        }
        assertThat(store.versions(model.metadata().id())).containsExactly(model.metadata().version());
    }

    @Test
    void theNewestVersionsAreKeptAndOlderOnesDeleted(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(new FileBlobs(dir), 2);
        ModelMetadata m = model.metadata();
        for (int v = 1; v <= 4; v++) {
            ModelMetadata mv = new ModelMetadata(m.id(), m.query(), m.labels(), v, m.trainedAt(), m.trainingPoints(),
                    m.trainingFrom(), m.trainingTo(), m.settings(), m.featureOrder(), m.scalerMedian(), m.scalerScale(),
                    m.calibration(), m.leftOutPoints());
            store.save(new DetectorModel(mv, model.lstm(), model.forest()));
        }
        assertThat(store.versions(m.id())).containsExactly(3, 4);
        assertThat(store.metadata(m.id(), 4)).map(ModelMetadata::version).contains(4);
        assertThat(store.metadata(m.id(), 1)).isEmpty();
        store.saveSeries(new ModelStore.SavedSeries(m.id(), "q", Map.of("a", "b"), 15_000, 42));
        assertThat(store.series()).containsExactly(new ModelStore.SavedSeries(m.id(), "q", Map.of("a", "b"), 15_000, 42));
    }

    @Test
    void metadataRecordsWhatTheModelIsMadeOf() {
        ModelMetadata m = model.metadata();
        assertThat(m.featureOrder()).containsExactly("level", "delta", "shortMeanShift", "spreadRatio");
        assertThat(m.trainingPoints()).isEqualTo(TRAIN);
        assertThat(m.trainedAt()).isEqualTo(CLOCK.instant());
        assertThat(m.calibration().zThreshold()).isBetween(4.0, 12.0);
        assertThat(m.calibration().forestThreshold()).isGreaterThan(m.calibration().forestBase());
    }

    @Test
    void djlRanOfflineFromTheBundledNativeLibrary() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(ai.djl.engine.Engine.getEngine("PyTorch").getVersion()).isEqualTo("2.7.1");
    }
}
