package dev.selfheal.scorer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.store.FileBlobs;
import dev.selfheal.scorer.support.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySeriesTest {

    @TempDir
    Path dir;

    @Test
    void eachTargetGetsItsOwnCopyOfTheSourcesVersionsAndStateUnderItsOwnId() throws Exception {
        ModelStore store = new ModelStore(new FileBlobs(dir), 3);
        SeriesRef source = SeriesRef.of("m{instance=\"i-0\"} @15.0s", Map.of("instance", "i-0"));
        DetectorModel model = new ModelTrainer(Clock.systemUTC()).train(source, 1,
                Arrays.copyOf(Synthetic.seasonal(400, 3), 400), null, 0, ModelSettings.DEFAULT.withEpochs(1),
                TrainingProgress.NONE);
        store.save(model);
        store.saveSeries(new ModelStore.SavedSeries(source.id(), "m{instance=\"i-0\"}", source.labels(), 15_000, 42_000));
        byte[] state = {0, 0, 0, 0, 0, 0, 1, 44, 7, 7};
        store.saveState(source.id(), 300, state);

        Path targets = Files.writeString(dir.resolve("targets.jsonl"), String.join("\n", List.of(
                "{\"query\": \"m{instance=\\\"i-1\\\"}\", \"step\": \"15s\", \"labels\": {\"instance\": \"i-1\"}, \"source\": \"" + source.id() + "\"}",
                "{\"query\": \"m{instance=\\\"i-2\\\"}\", \"step\": \"15s\", \"labels\": {\"instance\": \"i-2\"}, \"source\": \"" + source.id() + "\"}")));
        CopySeries.main(new String[] {dir.toString(), "-", targets.toString()});

        String copy = SeriesRef.of("m{instance=\"i-2\"} @15.0s", Map.of("instance", "i-2")).id();
        assertThat(copy).isNotEqualTo(source.id());
        assertThat(store.series()).extracting(ModelStore.SavedSeries::id).contains(source.id(), copy).hasSize(3);
        assertThat(store.series(copy)).get().extracting(ModelStore.SavedSeries::originMillis).isEqualTo(42_000L);
        assertThat(store.state(copy)).get().isEqualTo(state);
        DetectorModel copied = store.load(copy, 1);
        assertThat(copied.metadata().id()).isEqualTo(copy);
        assertThat(copied.metadata().labels()).isEqualTo(Map.of("instance", "i-2"));
        assertThat(copied.metadata().calibration()).isEqualTo(model.metadata().calibration());
        assertThat(Files.exists(dir.resolve(copy).resolve("v1"))).as("its own files").isTrue();
    }
}
