package dev.selfheal.scorer.lstm;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-layer LSTM that forecasts the next scaled value from the {@code window} values before it
 * (DJL, PyTorch engine, CPU). Inference goes through {@code block.forward} inside a closed
 * sub-manager (no Predictor, no native memory growth), so concurrent callers are safe.
 */
public final class LstmForecaster implements AutoCloseable {

    public static final String NAME = "lstm";
    /** Batches above ~512 windows fall off a page-fault cliff on this engine (ML notes). */
    private static final int CHUNK = 256;
    /** PyTorch's engine allows one gradient collector at a time per process: training is serialised. */
    private static final Object TRAINING = new Object();
    private static final double JITTER = 0.01;

    private final Model model;
    private final int window;
    private final int hidden;

    private LstmForecaster(Model model, int window, int hidden) {
        this.model = model;
        this.window = window;
        this.hidden = hidden;
    }

    private static SequentialBlock block(int hidden) {
        return new SequentialBlock()
                .add(LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build())
                .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().get(":, -1, :"))))
                .add(Linear.builder().setUnits(1).build());
    }

    private static Model newModel(int hidden) {
        DjlEngine.get();
        Model model = Model.newInstance(NAME, "PyTorch");
        model.setBlock(block(hidden));
        return model;
    }

    /**
     * Trains on every window of the scaled series. {@code epochs} passes with Adam; the seed
     * makes a run reproducible on one thread.
     */
    public static LstmForecaster train(float[] series, int window, int hidden, int epochs, long seed,
                                       TrainingProgress progress) {
        synchronized (TRAINING) {
            return trainAlone(series, window, hidden, epochs, seed, progress);
        }
    }

    private static LstmForecaster trainAlone(float[] series, int window, int hidden, int epochs, long seed,
                                             TrainingProgress progress) {
        int n = series.length - window;
        if (n < 8) {
            throw new IllegalArgumentException("LSTM training needs at least " + (window + 8) + " points");
        }
        DjlEngine.get().setRandomSeed((int) seed);
        Model model = newModel(hidden);
        try (NDManager data = model.getNDManager().newSubManager()) {
            // A little seeded jitter on the inputs: regularises, and keeps a flat series (all
            // zeros once scaled) from giving DJL the all-zero gradients it refuses to step on.
            java.util.Random jitter = new java.util.Random(seed);
            float[] x = new float[n * window];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < window; j++) {
                    x[i * window + j] = series[i + j] + (float) (JITTER * jitter.nextGaussian());
                }
                y[i] = series[i + window];
            }
            ArrayDataset dataset = new ArrayDataset.Builder()
                    .setData(data.create(x, new Shape(n, window, 1)))
                    .optLabels(data.create(y, new Shape(n, 1)))
                    .setSampling(64, true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, window, 1));
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    double total = 0;
                    int batches = 0;
                    for (Batch batch : trainer.iterateDataset(dataset)) {
                        try (batch; GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(batch.getData());
                            NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
                            collector.backward(loss);
                            total += loss.getFloat();
                            batches++;
                        }
                        trainer.step();
                    }
                    progress.epoch(epoch, epochs, total / Math.max(1, batches));
                }
            }
        } catch (IOException | TranslateException e) {
            model.close();
            throw new IllegalStateException("LSTM training failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new LstmForecaster(model, window, hidden);
    }

    public static LstmForecaster load(Path dir, int window, int hidden) throws IOException {
        Model model = newModel(hidden);
        try {
            model.load(dir, NAME);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException("cannot load the LSTM from " + dir + ": " + e.getMessage(), e);
        }
        return new LstmForecaster(model, window, hidden);
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        model.save(dir, NAME);
    }

    public int window() {
        return window;
    }

    public int hidden() {
        return hidden;
    }

    /**
     * Forecasts of the value at each index t in [from, to) of the series, from the window before
     * it. Each chunk's windows are copied once, straight from the series into the input tensor.
     */
    public float[] forecastSeries(float[] series, int from, int to) {
        float[] out = new float[to - from];
        for (int start = from; start < to; start += CHUNK) {
            int count = Math.min(CHUNK, to - start);
            float[] flat = new float[count * window];
            for (int i = 0; i < count; i++) {
                System.arraycopy(series, start + i - window, flat, i * window, window);
            }
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray input = sub.create(flat, new Shape(count, window, 1));
                NDList result = model.getBlock().forward(new ParameterStore(sub, false), new NDList(input), false);
                System.arraycopy(result.singletonOrThrow().toFloatArray(), 0, out, start - from, count);
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
