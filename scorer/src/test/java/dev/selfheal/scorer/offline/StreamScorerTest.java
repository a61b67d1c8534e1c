package dev.selfheal.scorer.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.support.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamScorerTest {

    private final StreamScorer scorer = new StreamScorer(new ModelTrainer(Clock.systemUTC()),
            ModelSettings.DEFAULT.withEpochs(2), new TrainingPlan(240, 5_760));

    @Test
    void scoresAreCausalInRangeAndFlagTheSpike() {
        double[] values = Synthetic.seasonal(1600, 21);
        values[1300] += 4;
        double[] scores = scorer.score(values);
        assertThat(scores).hasSize(1600);
        for (double s : scores) {
            assertThat(s).isBetween(0.0, 1.0);
        }
        // the spike is the highest score after the learning period
        int best = 240;
        for (int t = 240; t < scores.length; t++) {
            if (scores[t] > scores[best]) {
                best = t;
            }
        }
        assertThat(best).isEqualTo(1300);

        // Row t sees rows up to t only: rewriting the future changes no earlier score.
        double[] rewritten = values.clone();
        for (int t = 1000; t < rewritten.length; t++) {
            rewritten[t] = -rewritten[t] * 7;
        }
        double[] again = scorer.score(rewritten);
        for (int t = 0; t < 1000; t++) {
            assertThat(again[t]).as("row %d", t).isEqualTo(scores[t]);
        }
    }

    @Test
    void csvRoundTripKeepsEveryRowInOrder(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.csv");
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 30; i++) {
            csv.append("2026-01-01 00:").append(String.format("%02d", i)).append(":00,").append(i % 7 == 0 ? "NaN" : i)
                    .append('\n');
        }
        Files.writeString(in, csv);
        CsvSeries series = CsvSeries.read(in);
        assertThat(series.name()).isEqualTo("in");
        assertThat(series.values()).hasSize(30);
        Path out = dir.resolve("out.csv");
        series.writeScores(out, new double[][] {new SeedBaseline().score(series.values())});
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(lines.get(1)).startsWith("2026-01-01 00:00:00,NaN,");
        assertThat(lines.get(30)).startsWith("2026-01-01 00:29:00,29,");
    }
}
