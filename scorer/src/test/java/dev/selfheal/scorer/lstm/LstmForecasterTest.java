package dev.selfheal.scorer.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Java forward pass the scorer serves with gives PyTorch's forecasts, and survives its bytes. */
class LstmForecasterTest {

    private static float[] series(int n) {
        Random random = new Random(7);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (Math.sin(i / 6.0) + 0.3 * random.nextGaussian() + (i % 97 == 0 ? 4 : 0));
        }
        return s;
    }

    @Test
    void theJavaForwardPassGivesPyTorchsForecasts() {
        float[] s = series(600);
        int window = 32;
        try (Model model = LstmForecaster.trainModel(s, window, 32, 2, 42, TrainingProgress.NONE)) {
            LstmForecaster java = LstmForecaster.fromModel(model, window, 32);
            int from = window;
            int to = s.length;
            float[] flat = new float[(to - from) * window];
            for (int t = from; t < to; t++) {
                System.arraycopy(s, t - window, flat, (t - from) * window, window);
            }
            float[] torch;
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDList out = model.getBlock().forward(new ParameterStore(sub, false),
                        new NDList(sub.create(flat, new Shape(to - from, window, 1))), false);
                torch = out.singletonOrThrow().toFloatArray();
            }
            float[] mine = java.forecastSeries(s, from, to);
            double spread = 0;
            for (int i = 0; i < mine.length; i++) {
                assertThat((double) mine[i]).as("forecast %d", i).isCloseTo(torch[i], org.assertj.core.data.Offset.offset(2e-5));
                spread += Math.abs(torch[i] - torch[0]);
            }
            assertThat(spread / mine.length).as("the forecasts vary (a constant would match trivially)").isGreaterThan(0.05);
        }
    }

    @Test
    void bytesGiveTheSameForecasts() {
        float[] s = series(400);
        LstmForecaster trained = LstmForecaster.train(s, 32, 32, 1, 42, TrainingProgress.NONE);
        byte[] bytes = trained.toBytes();
        assertThat(bytes.length).isLessThan(20_000);
        LstmForecaster loaded = LstmForecaster.fromBytes(bytes);
        assertThat(loaded.forecastSeries(s, 32, 400)).containsExactly(trained.forecastSeries(s, 32, 400));
        assertThatThrownBy(() -> LstmForecaster.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
