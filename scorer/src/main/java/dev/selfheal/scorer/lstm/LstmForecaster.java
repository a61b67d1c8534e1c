package dev.selfheal.scorer.lstm;

import ai.djl.Model;
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
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A one-layer LSTM that forecasts the next scaled value from the {@code window} values before it.
 * Trained with DJL (PyTorch engine, CPU); its weights are then read out into plain arrays and
 * the native model is closed at once, so a model is about 18 KB of floats on the heap, loads
 * from bytes without the engine, and every forecast (serving, calibration, {@code score-csv})
 * is the same Java forward pass, safe for concurrent callers. {@code LstmForecasterTest} checks
 * the forward pass against PyTorch's own.
 */
public final class LstmForecaster {

    public static final String NAME = "lstm";
    /** PyTorch's engine allows one gradient collector at a time per process: training is serialised. */
    private static final Object TRAINING = new Object();
    private static final double JITTER = 0.01;
    private static final int FORMAT = 1;

    private final int window;
    private final int hidden;
    /** Input weights, one per gate row (4·hidden; gates in PyTorch's order i, f, g, o). */
    private final float[] inputWeights;
    /** Recurrent weights, row-major 4·hidden × hidden. */
    private final float[] recurrentWeights;
    /** The input and recurrent biases, summed. */
    private final float[] bias;
    private final float[] outputWeights;
    private final float outputBias;

    LstmForecaster(int window, int hidden, float[] inputWeights, float[] recurrentWeights, float[] bias,
                   float[] outputWeights, float outputBias) {
        int gates = 4 * hidden;
        if (inputWeights.length != gates || recurrentWeights.length != gates * hidden || bias.length != gates
                || outputWeights.length != hidden) {
            throw new IllegalArgumentException("LSTM weights do not match " + hidden + " units");
        }
        this.window = window;
        this.hidden = hidden;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.bias = bias;
        this.outputWeights = outputWeights;
        this.outputBias = outputBias;
    }

    private static SequentialBlock block(int hidden) {
        return new SequentialBlock()
                .add(LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build())
                .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().get(":, -1, :"))))
                .add(Linear.builder().setUnits(1).build());
    }

    /**
     * Trains on every window of the scaled series. {@code epochs} passes with Adam; the seed
     * makes a run reproducible on one thread.
     */
    public static LstmForecaster train(float[] series, int window, int hidden, int epochs, long seed,
                                       TrainingProgress progress) {
        try (Model model = trainModel(series, window, hidden, epochs, seed, progress)) {
            return fromModel(model, window, hidden);
        }
    }

    /** The trained DJL model (the caller closes it). */
    static Model trainModel(float[] series, int window, int hidden, int epochs, long seed, TrainingProgress progress) {
        synchronized (TRAINING) {
            return trainAlone(series, window, hidden, epochs, seed, progress);
        }
    }

    /** Reads a trained model's weights out (gates in PyTorch's order i, f, g, o). */
    static LstmForecaster fromModel(Model model, int window, int hidden) {
        float[] inputWeights = null;
        float[] recurrentWeights = null;
        float[] inputBias = null;
        float[] recurrentBias = null;
        float[] outputWeights = null;
        float[] outputBias = null;
        for (var p : model.getBlock().getParameters()) {
            String name = p.getKey();
            float[] values = p.getValue().getArray().toFloatArray();
            if (name.endsWith("i2h_WEIGHT")) {
                inputWeights = values;
            } else if (name.endsWith("h2h_WEIGHT")) {
                recurrentWeights = values;
            } else if (name.endsWith("i2h_BIAS")) {
                inputBias = values;
            } else if (name.endsWith("h2h_BIAS")) {
                recurrentBias = values;
            } else if (name.endsWith("Linear_weight")) {
                outputWeights = values;
            } else if (name.endsWith("Linear_bias")) {
                outputBias = values;
            }
        }
        if (inputWeights == null || recurrentWeights == null || inputBias == null || recurrentBias == null
                || outputWeights == null || outputBias == null) {
            throw new IllegalStateException("the trained LSTM lacks a parameter");
        }
        float[] bias = new float[inputBias.length];
        for (int k = 0; k < bias.length; k++) {
            bias[k] = inputBias[k] + recurrentBias[k];
        }
        return new LstmForecaster(window, hidden, inputWeights, recurrentWeights, bias, outputWeights, outputBias[0]);
    }

    private static Model trainAlone(float[] series, int window, int hidden, int epochs, long seed,
                                    TrainingProgress progress) {
        int n = series.length - window;
        if (n < 8) {
            throw new IllegalArgumentException("LSTM training needs at least " + (window + 8) + " points");
        }
        DjlEngine.get().setRandomSeed((int) seed);
        Model model = Model.newInstance(NAME, "PyTorch");
        model.setBlock(block(hidden));
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
        return model;
    }

    public int window() {
        return window;
    }

    public int hidden() {
        return hidden;
    }

    /** Bytes of the weights held (for the memory budget). */
    public long bytes() {
        return 4L * (inputWeights.length + recurrentWeights.length + bias.length + outputWeights.length + 1) + 64;
    }

    /**
     * Forecasts of the value at each index t in [from, to) of the series, each from the
     * {@code window} values before it (zero initial state, as the model was trained).
     */
    public float[] forecastSeries(float[] series, int from, int to) {
        float[] out = new float[to - from];
        float[] h = new float[hidden];
        float[] c = new float[hidden];
        float[] gates = new float[4 * hidden];
        for (int t = from; t < to; t++) {
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
            for (int s = t - window; s < t; s++) {
                step(series[s], h, c, gates);
            }
            float y = outputBias;
            for (int j = 0; j < hidden; j++) {
                y += outputWeights[j] * h[j];
            }
            out[t - from] = y;
        }
        return out;
    }

    private void step(float x, float[] h, float[] c, float[] gates) {
        int gatesCount = gates.length;
        for (int k = 0; k < gatesCount; k++) {
            float acc = bias[k] + inputWeights[k] * x;
            int row = k * hidden;
            for (int j = 0; j < hidden; j++) {
                acc += recurrentWeights[row + j] * h[j];
            }
            gates[k] = acc;
        }
        for (int j = 0; j < hidden; j++) {
            float in = sigmoid(gates[j]);
            float forget = sigmoid(gates[hidden + j]);
            float cell = (float) Math.tanh(gates[2 * hidden + j]);
            float out = sigmoid(gates[3 * hidden + j]);
            c[j] = forget * c[j] + in * cell;
            h[j] = out * (float) Math.tanh(c[j]);
        }
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** The weights as bytes (a format number, the sizes, then the floats). */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(16 + (int) bytes());
        b.putInt(FORMAT).putInt(window).putInt(hidden);
        for (float[] part : new float[][] {inputWeights, recurrentWeights, bias, outputWeights}) {
            for (float f : part) {
                b.putFloat(f);
            }
        }
        b.putFloat(outputBias);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    public static LstmForecaster fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.remaining() < 12 || b.getInt() != FORMAT) {
            throw new IllegalArgumentException("not a saved LSTM");
        }
        int window = b.getInt();
        int hidden = b.getInt();
        if (window < 1 || window > 4096 || hidden < 1 || hidden > 1024) {
            throw new IllegalArgumentException("a saved LSTM of an impossible size");
        }
        int gates = 4 * hidden;
        float[] inputWeights = floats(b, gates);
        float[] recurrentWeights = floats(b, gates * hidden);
        float[] bias = floats(b, gates);
        float[] outputWeights = floats(b, hidden);
        return new LstmForecaster(window, hidden, inputWeights, recurrentWeights, bias, outputWeights, b.getFloat());
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
