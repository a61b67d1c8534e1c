package dev.selfheal.scorer.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import smile.anomaly.IsolationForest;

/** The flat forest scores as Smile's own forest of the same trees, in a fraction of its memory. */
class IsolationForestModelTest {

    private static double[][] rows(int n, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {random.nextGaussian(), random.nextGaussian() * 2, random.nextGaussian() - 1,
                    Math.abs(random.nextGaussian())};
        }
        return rows;
    }

    @Test
    void scoresAsSmilesForestOfTheSameTrees() {
        double[][] training = rows(3000, 1);
        IsolationForestModel flat = IsolationForestModel.fit(training, 50, 128, 42);
        IsolationForest smile = new IsolationForest(128, 0, IsolationForestModel.smileTrees(training, 50, 128, 42));
        double[][] probe = rows(500, 2);
        probe[0] = new double[] {9, -9, 9, 9};
        for (double[] row : probe) {
            assertThat(flat.score(row)).isCloseTo(smile.score(row), Offset.offset(1e-6));
        }
        assertThat(flat.score(probe[0])).as("an isolated row scores high").isGreaterThan(0.65);
        assertThat(flat.score(new double[] {0, 0, -1, 0.7})).as("a usual row").isLessThan(0.55);
    }

    @Test
    void bytesGiveTheSameScores() {
        IsolationForestModel flat = IsolationForestModel.fit(rows(2000, 3), 40, 64, 7);
        byte[] bytes = flat.toBytes();
        IsolationForestModel loaded = IsolationForestModel.fromBytes(bytes);
        for (double[] row : rows(200, 4)) {
            assertThat(loaded.score(row)).isEqualTo(flat.score(row));
        }
        assertThat(bytes.length).isLessThan(7 * flat.nodes() + 4 * 40 + 64);
        bytes[bytes.length - 1] = 127;
        assertThatThrownBy(() -> IsolationForestModel.fromBytes(java.util.Arrays.copyOf(bytes, 30)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
