package dev.selfheal.scorer.detector;

/** What decided a point: a model component, the out-of-range rule, or the median/MAD fallback. */
public enum Component {
    LSTM("the LSTM forecast"),
    ISOLATION_FOREST("the Isolation Forest"),
    SPREAD("the variability check"),
    LEVEL("the level check"),
    OUT_OF_RANGE("the out-of-range rule"),
    FALLBACK("the median/MAD fallback");

    private final String words;

    Component(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The model component with the largest ratio (lstm, forest, spread, level order on ties). */
    static Component largest(double lstm, double forest, double spread, double level) {
        Component best = LSTM;
        double max = lstm;
        if (forest > max) {
            best = ISOLATION_FOREST;
            max = forest;
        }
        if (spread > max) {
            best = SPREAD;
            max = spread;
        }
        if (level > max) {
            best = LEVEL;
        }
        return best;
    }
}
