package dev.selfheal.harness.bench.scale;

/**
 * The values of the bench series: {@value #POINTS} points at 15 s, point j (0 to 999, oldest first)
 * a fixed function of the generator's seed and j, so a copy's values are its source's and a run
 * is the same whenever it starts. Each seed has its own level (1 to 1,000), cycle (amplitude 5 to
 * 30 % of the level, period 1 to 4 hours: the day compressed into what 1,000 points hold), phase
 * and noise (1 to 5 % of the level); one seed in 7 has an anomaly after its first model (trained at
 * point 600): a spike of 4 points, or a drop to a third of its level for 6.
 */
public final class ScaleValues {

    public static final int POINTS = 1000;
    public static final long STEP_SECONDS = 15;

    private ScaleValues() {
    }

    /** Where a seed's anomaly starts (point index), or -1 when it has none. */
    static int anomalyAt(int seed) {
        return seed % 7 == 0 ? 650 + Math.floorMod(seed * 37, 300) : -1;
    }

    public static double value(int seed, int j) {
        double level = Math.pow(10, 3 * unit(seed, -1));
        double amplitude = 0.05 + 0.25 * unit(seed, -2);
        double period = 240 + 720 * unit(seed, -3);
        double phase = period * unit(seed, -4);
        double noise = 0.01 + 0.04 * unit(seed, -5);
        double v = level * (1 + amplitude * Math.sin(2 * Math.PI * (j + phase) / period))
                + level * noise * gaussian(seed, j);
        int at = anomalyAt(seed);
        if (at >= 0 && j >= at) {
            boolean spike = seed % 14 == 0;
            if (spike && j < at + 4) {
                v += level * (amplitude + 12 * noise);
            } else if (!spike && j < at + 6) {
                v = level / 3;
            }
        }
        return v;
    }

    /** A standard normal draw fixed by (seed, j): Box–Muller over two hashed uniforms. */
    static double gaussian(int seed, int j) {
        double u1 = Math.max(unit(seed, 2L * j), 1e-12);
        double u2 = unit(seed, 2L * j + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniform in [0, 1) fixed by (seed, n): SplitMix64's finalizer over both. */
    static double unit(int seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
