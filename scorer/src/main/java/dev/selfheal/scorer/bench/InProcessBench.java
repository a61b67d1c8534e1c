package dev.selfheal.scorer.bench;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
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
 * In-process figures for {@code ./selfheal bench scorer}, on the served code: replaying 10,000
 * points through a {@link SeriesDetector} with the default training plan and settings (five
 * models trained on the way), the latency of one more point on the replayed detector (what a
 * live request adds), training one model on 10,000 points, and batch scoring throughput.
 * Prints {@code key=value} lines.
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
        ModelTrainer trainer = new ModelTrainer(Clock.systemUTC());
        ModelSettings defaults = ModelSettings.DEFAULT;
        SeriesRef ref = SeriesRef.of("bench", Map.of());
        double[] values = series(10_000 + measured + 5_000, 1);
        long[] times = new long[values.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_800_000_000_000L + 15_000L * i;
        }

        long r0 = System.nanoTime();
        SeriesDetector detector = new SeriesDetector(TrainingPlan.DEFAULT, (version, v, ts, leftOut) -> trainer.train(ref,
                version, v, ts, leftOut, defaults, TrainingProgress.NONE), 20_000);
        detector.advance(Arrays.copyOf(times, 10_000), Arrays.copyOf(values, 10_000));
        double replaySeconds = (System.nanoTime() - r0) / 1e9;
        System.out.printf(Locale.ROOT, "replay: 10,000 points through the detector, %d models trained (%d epochs): %.2f s%n",
                detector.modelVersion(), defaults.epochs(), replaySeconds);

        // one more point at a time, as live requests bring them (5,000 warm-up points first)
        long[] one = new long[1];
        double[] oneValue = new double[1];
        long[] nanos = new long[measured];
        for (int i = 0; i < 5_000 + measured; i++) {
            int t = 10_000 + i;
            one[0] = times[t];
            oneValue[0] = values[t];
            long s = System.nanoTime();
            detector.advance(one, oneValue);
            if (i >= 5_000) {
                nanos[i - 5_000] = System.nanoTime() - s;
            }
        }
        Arrays.sort(nanos);
        double p50 = nanos[measured / 2] / 1e3;
        double p99 = nanos[(int) (measured * 0.99)] / 1e3;
        System.out.printf(Locale.ROOT, "one point through the replayed detector (IF + LSTM + event stages), %,d points "
                + "after 5,000 warm-up (a retraining every %,d points included): p50 %.1f µs, p99 %.1f µs%n", measured,
                TrainingPlan.RETRAIN_EVERY, p50, p99);
        detector.close();

        ModelSettings big = new ModelSettings(32, 32, 8, 100, 256, 0.2, 10_000, 200, 42);
        long t0 = System.nanoTime();
        DetectorModel model = trainer.train(ref, 1, Arrays.copyOf(values, 10_000), null, 0, big, TrainingProgress.NONE);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "training: 10,000 points, %d epochs: %.2f s%n", big.epochs(), trainSeconds);
        long b0 = System.nanoTime();
        int batch = 0;
        for (int round = 0; round < 5; round++) {
            batch += model.scoreRange(values, 2_000, 12_000).size();
        }
        double windowsPerSecond = batch / ((System.nanoTime() - b0) / 1e9);
        System.out.printf(Locale.ROOT, "batch scoring: %,d windows at %.0f windows/s%n", batch, windowsPerSecond);

        System.out.printf(Locale.ROOT, "score_p50_us=%.1f score_p99_us=%.1f windows_per_s=%.0f train_10k_s=%.2f "
                + "replay_10k_s=%.2f%n", p50, p99, windowsPerSecond, trainSeconds, replaySeconds);
    }
}
