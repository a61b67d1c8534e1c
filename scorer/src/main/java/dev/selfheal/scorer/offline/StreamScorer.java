package dev.selfheal.scorer.offline;

import dev.selfheal.scorer.detector.Point;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole file through the service's {@link SeriesDetector}, as the service would live
 * through it: same training plan, same settings, models trained in memory. Only the feeding and
 * the collecting of columns live here; the algorithm is the detector's.
 */
public final class StreamScorer implements Detector {

    private static final SeriesRef STREAM = new SeriesRef("offline", null, Map.of());

    private final ModelTrainer trainer;
    private final ModelSettings settings;
    private final TrainingPlan plan;

    public StreamScorer(ModelTrainer trainer, ModelSettings settings, TrainingPlan plan) {
        this.trainer = trainer;
        this.settings = settings;
        this.plan = plan;
    }

    @Override
    public double[] score(double[] raw) {
        return scoreWithComponents(raw)[0];
    }

    /**
     * Columns: score, anomalous (0 or 1), then the largest component ratio (1 = at its threshold)
     * the model version that scored the row (0: the fallback) and "now" (1: 2 of the latest 3 points
     * outside their normal band, what a decision reads). Rows are fed with their index as
     * the time: the detector orders by time and never reads it otherwise.
     */
    public double[][] scoreWithComponents(double[] raw) {
        int n = raw.length;
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = i;
        }
        try (SeriesDetector detector = new SeriesDetector(plan, (version, values, timestamps, leftOut) -> trainer.train(
                STREAM, version, values, timestamps, leftOut, settings, TrainingProgress.NONE), Math.max(n, 1))) {
            detector.advance(times, raw);
            List<Point> points = detector.points();
            double[][] columns = new double[5][n];
            for (int i = 0; i < n; i++) {
                Point p = points.get(i);
                columns[0][i] = p.score();
                columns[1][i] = p.anomalous() ? 1 : 0;
                columns[2][i] = p.ratio();
                columns[3][i] = p.modelVersion();
                columns[4][i] = p.outsideNow() ? 1 : 0;
            }
            return columns;
        }
    }
}
