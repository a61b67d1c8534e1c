package dev.selfheal.scorer.forest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

/**
 * An Isolation Forest whose trees are each built on a proper random subsample of at most
 * {@value #SUBSAMPLE} rows, as Liu et al. describe. Smile 3.1.1's {@code IsolationForest.fit}
 * ignores its subsample argument (every tree sees every row, so fitting grows with n): the trees
 * are built here and handed to Smile's forest. Scores are about 0.5 for normal points and near 1
 * for isolated ones.
 */
public final class IsolationForestModel implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final int SUBSAMPLE = 256;

    private final IsolationForest forest;

    private IsolationForestModel(IsolationForest forest) {
        this.forest = forest;
    }

    public static IsolationForestModel fit(double[][] rows, int trees, long seed) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("an Isolation Forest needs at least 2 rows");
        }
        Random random = new Random(seed);
        // Smile's trees draw their splits from its thread-local generator: seed it too, so the
        // same history gives the same forest (reproducible, and causal scores can be checked).
        smile.math.MathEx.setSeed(seed);
        int sampleSize = Math.min(SUBSAMPLE, rows.length);
        int depth = (int) Math.ceil(Math.log(sampleSize) / Math.log(2));
        IsolationTree[] built = new IsolationTree[trees];
        for (int t = 0; t < trees; t++) {
            built[t] = new IsolationTree(sample(rows, sampleSize, random), depth, 0);
        }
        return new IsolationForestModel(new IsolationForest(sampleSize, 0, built));
    }

    private static List<double[]> sample(double[][] rows, int size, Random random) {
        if (size == rows.length) {
            return new ArrayList<>(List.of(rows));
        }
        // Floyd's algorithm: `size` distinct indices without shuffling all rows.
        java.util.Set<Integer> chosen = new java.util.HashSet<>(size * 2);
        for (int j = rows.length - size; j < rows.length; j++) {
            int r = random.nextInt(j + 1);
            chosen.add(chosen.contains(r) ? j : r);
        }
        List<double[]> sample = new ArrayList<>(size);
        for (int i : chosen) {
            sample.add(rows[i]);
        }
        return sample;
    }

    public double score(double[] row) {
        return forest.score(row);
    }

    public int trees() {
        return forest.size();
    }
}
