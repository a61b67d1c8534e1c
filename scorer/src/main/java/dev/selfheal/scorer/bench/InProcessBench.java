package dev.selfheal.scorer.bench;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * In-process figures for {@code ./selfheal bench scorer}: training on 10,000 points, the latency
 * of scoring one 256-point window (IF + LSTM, after warm-up), and batch throughput in windows per
 * second. Prints {@code key=value} lines.
 */
public final class InProcessBench {

    private InProcessBench() {
    }

    static double[] series(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 100 + 20 * Math.sin(2 * Math.PI * t / 240) + 5 * Math.sin(2 * Math.PI * t / 37) + 2 * random.nextGaussian();
        }
        return v;
    }

    public static void main(String[] args) {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double[] history = series(12_000, 1);
        ModelSettings settings = new ModelSettings(32, 32, 8, 100, 0.2, 10_000, 200, 42);
        ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());

        long t0 = System.nanoTime();
        DetectorModel model = trainer.train(SeriesRef.of("bench", Map.of()), 1, Arrays.copyOf(history, 10_000), null,
                settings, TrainingProgress.NONE);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "training: 10,000 points, %d epochs: %.2f s%n", settings.epochs(), trainSeconds);

        // 1,000 distinct 256-point windows from the points after the training range
        double[][] windows = new double[1000][];
        for (int i = 0; i < windows.length; i++) {
            int from = history.length - 1256 + i;
            windows[i] = Arrays.copyOfRange(history, from, from + 256);
        }
        for (int i = 0; i < 5_000; i++) {
            model.scoreLatest(windows[i % windows.length]);
        }
        long[] nanos = new long[measured];
        double sink = 0;
        for (int i = 0; i < measured; i++) {
            long s = System.nanoTime();
            sink += model.scoreLatest(windows[i % windows.length]).score();
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        double p50 = nanos[measured / 2] / 1e3;
        double p99 = nanos[(int) (measured * 0.99)] / 1e3;
        System.out.printf(Locale.ROOT, "score one 256-point window (IF + LSTM), %,d calls after 5,000 warm-up: "
                + "p50 %.1f µs, p99 %.1f µs%n", measured, p50, p99);

        long b0 = System.nanoTime();
        int batch = 0;
        for (int round = 0; round < 5; round++) {
            batch += model.scoreRange(history, 2_000, 12_000).size();
        }
        double windowsPerSecond = batch / ((System.nanoTime() - b0) / 1e9);
        System.out.printf(Locale.ROOT, "batch scoring: %,d windows at %.0f windows/s (checksum %.3f)%n", batch,
                windowsPerSecond, sink);
        model.close();
        System.out.printf(Locale.ROOT, "score_p50_us=%.1f score_p99_us=%.1f windows_per_s=%.0f train_10k_s=%.2f%n",
                p50, p99, windowsPerSecond, trainSeconds);
    }
}
