package dev.selfheal.scorer.forest;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import smile.anomaly.IsolationTree;

/**
 * An Isolation Forest whose trees are each built by Smile on a proper random subsample of at
 * most {@code sample} rows, as Liu et al. describe (Smile 3.1.1's {@code IsolationForest.fit}
 * ignores its subsample argument, so the trees are built here). Smile's trees keep a node as
 * objects with two arrays of doubles (about 150 bytes); once built they are read into flat arrays
 * (7 bytes a node: a split as feature, direction and threshold, a leaf as its path length), which
 * is what a model keeps, saves and scores with. Scores are about 0.5 for normal points and near 1
 * for isolated ones.
 */
public final class IsolationForestModel {

    private static final int FORMAT = 1;
    private static final byte LEAF = -1;
    /** Added to a feature index: the split sends values above its threshold left (a negative slope). */
    private static final byte ABOVE = 64;

    /** Per node, over every tree in preorder: the feature (with {@link #ABOVE}), or {@link #LEAF}. */
    private final byte[] feature;
    /** A split's threshold, or a leaf's path length (its depth plus c(size)). */
    private final float[] value;
    /** How far after a split its right child is (its left child follows it at once); under 2^16 in a tree of 2^15 rows. */
    private final char[] right;
    private final int[] roots;
    private final double c;

    private IsolationForestModel(byte[] feature, float[] value, char[] right, int[] roots, double c) {
        this.feature = feature;
        this.value = value;
        this.right = right;
        this.roots = roots;
        this.c = c;
    }

    public static IsolationForestModel fit(double[][] rows, int trees, int sample, long seed) {
        IsolationTree[] built = smileTrees(rows, trees, sample, seed);
        Flattener flat = new Flattener();
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = flat.add(built[t]);
        }
        return new IsolationForestModel(Arrays.copyOf(flat.feature, flat.size), Arrays.copyOf(flat.value, flat.size),
                Arrays.copyOf(flat.right, flat.size), roots, factor(Math.min(sample, rows.length)));
    }

    /** Smile's trees, each on its own random subsample of at most {@code sample} rows. */
    static IsolationTree[] smileTrees(double[][] rows, int trees, int sample, long seed) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("an Isolation Forest needs at least 2 rows");
        }
        Random random = new Random(seed);
        // Smile's trees draw their splits from its thread-local generator: seed it too, so the
        // same history gives the same forest (reproducible, and causal scores can be checked).
        smile.math.MathEx.setSeed(seed);
        int sampleSize = Math.min(sample, rows.length);
        int depth = (int) Math.ceil(Math.log(sampleSize) / Math.log(2));
        IsolationTree[] built = new IsolationTree[trees];
        for (int t = 0; t < trees; t++) {
            built[t] = new IsolationTree(sample(rows, sampleSize, random), depth, 0);
        }
        return built;
    }

    /** Smile's normalising constant c(n): the mean path length of an unsuccessful search in a BST of n. */
    static double factor(int n) {
        return n <= 1 ? 1 : 2 * (Math.log(n - 1) + 0.5772156649) - 2.0 * (n - 1) / n;
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

    /** 2^(−mean path length / c): about 0.5 for a usual row, near 1 for an isolated one. */
    public double score(double[] row) {
        double total = 0;
        for (int root : roots) {
            int i = root;
            while (feature[i] != LEAF) {
                int f = feature[i];
                boolean left = f >= ABOVE ? row[f - ABOVE] > value[i] : row[f] < value[i];
                i = left ? i + 1 : i + right[i];
            }
            total += value[i];
        }
        return Math.pow(2, -(total / roots.length) / c);
    }

    public int trees() {
        return roots.length;
    }

    public int nodes() {
        return feature.length;
    }

    /** Bytes held (for the memory budget). */
    public long bytes() {
        return 7L * feature.length + 4L * roots.length + 96;
    }

    public byte[] toBytes() {
        int n = feature.length;
        ByteBuffer b = ByteBuffer.allocate(20 + 4 * roots.length + 7 * n);
        b.putInt(FORMAT).putDouble(c).putInt(roots.length).putInt(n);
        for (int r : roots) {
            b.putInt(r);
        }
        b.put(feature);
        for (float v : value) {
            b.putFloat(v);
        }
        for (char r : right) {
            b.putChar(r);
        }
        return b.array();
    }

    public static IsolationForestModel fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.remaining() < 20 || b.getInt() != FORMAT) {
            throw new IllegalArgumentException("not a saved Isolation Forest");
        }
        double c = b.getDouble();
        int trees = b.getInt();
        int n = b.getInt();
        if (trees < 1 || n < trees || b.remaining() != 4L * trees + 7L * n) {
            throw new IllegalArgumentException("a saved Isolation Forest of the wrong length");
        }
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = b.getInt();
        }
        byte[] feature = new byte[n];
        b.get(feature);
        float[] value = new float[n];
        for (int i = 0; i < n; i++) {
            value[i] = b.getFloat();
        }
        char[] right = new char[n];
        for (int i = 0; i < n; i++) {
            right[i] = b.getChar();
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] != LEAF && (right[i] < 2 || i + right[i] >= n)) {
                throw new IllegalArgumentException("a saved Isolation Forest with a broken tree");
            }
        }
        return new IsolationForestModel(feature, value, right, roots, c);
    }

    /** Reads Smile's node objects into the flat arrays, in preorder. */
    private static final class Flattener {
        private static final Field ROOT = field(IsolationTree.class, "root");
        private static final Class<?> NODE = ROOT.getType();
        private static final Field DEPTH = field(NODE, "depth");
        private static final Field SLOPE = field(NODE, "slope");
        private static final Field BIAS = field(NODE, "bias");
        private static final Field LEFT = field(NODE, "left");
        private static final Field RIGHT = field(NODE, "right");

        byte[] feature = new byte[1024];
        float[] value = new float[1024];
        char[] right = new char[1024];
        int size;

        private static Field field(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("Smile's IsolationTree is not the 3.1.1 this reads: " + name, e);
            }
        }

        int add(IsolationTree tree) {
            try {
                return node(ROOT.get(tree));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private int node(Object node) throws IllegalAccessException {
            int i = size++;
            if (i == feature.length) {
                feature = Arrays.copyOf(feature, 2 * i);
                value = Arrays.copyOf(value, 2 * i);
                right = Arrays.copyOf(right, 2 * i);
            }
            Object left = LEFT.get(node);
            Object rightNode = RIGHT.get(node);
            if (left == null && rightNode == null) {
                feature[i] = LEAF;
                value[i] = (float) DEPTH.getDouble(node);
                return i;
            }
            // Smile goes left when dot(x, slope) < bias; with extension level 0 one slope is non-zero.
            double[] slope = (double[]) SLOPE.get(node);
            int f = -1;
            for (int k = 0; k < slope.length; k++) {
                if (slope[k] != 0) {
                    if (f >= 0) {
                        throw new IllegalStateException("an extended split (more than one feature)");
                    }
                    f = k;
                }
            }
            double bias = BIAS.getDouble(node);
            if (f < 0) {
                // A zero slope: dot is 0, so every row goes the same way.
                f = 0;
                feature[i] = (byte) (0 < bias ? ABOVE : 0);
                value[i] = Float.NEGATIVE_INFINITY;
            } else {
                feature[i] = (byte) (slope[f] > 0 ? f : f + ABOVE);
                value[i] = (float) (bias / slope[f]);
            }
            node(left);
            int r = node(rightNode);
            if (r - i > Character.MAX_VALUE) {
                throw new IllegalStateException("a tree too large for the flat forest");
            }
            right[i] = (char) (r - i); // after the call: it may have grown the arrays
            return i;
        }
    }
}
