package dev.selfheal.scorer.model;

/**
 * How a series model is built. Saved with the model.
 *
 * @param window             points the LSTM sees before the point it forecasts
 * @param hidden             LSTM state size
 * @param epochs             LSTM training passes
 * @param trees              Isolation Forest trees
 * @param forestSample       rows each tree is built on (a random subsample)
 * @param heldBack           fraction of the history kept out of training to calibrate on
 * @param maxTrainingPoints  the most recent points used to train
 * @param minTrainingPoints  fewer finite points than this: no model, the median/MAD fallback answers
 * @param seed               for reproducible training
 */
public record ModelSettings(int window, int hidden, int epochs, int trees, int forestSample, double heldBack,
                            int maxTrainingPoints, int minTrainingPoints, long seed) {

    public static final ModelSettings DEFAULT = new ModelSettings(32, 32, 6, 50, 64, 0.2, 4000, 200, 42);

    public ModelSettings {
        if (window < 4 || hidden < 1 || epochs < 1 || trees < 1 || forestSample < 16 || heldBack <= 0 || heldBack >= 0.9
                || minTrainingPoints < window + 50 || maxTrainingPoints < minTrainingPoints) {
            throw new IllegalArgumentException("invalid model settings: " + this);
        }
    }

    /** Points a scoring window needs: the LSTM's window (or the features' lookback) plus the point. */
    public int minScoringPoints() {
        return Math.max(window, dev.selfheal.scorer.features.WindowFeatures.LOOKBACK) + 1;
    }

    public ModelSettings withEpochs(int newEpochs) {
        return new ModelSettings(window, hidden, newEpochs, trees, forestSample, heldBack, maxTrainingPoints, minTrainingPoints, seed);
    }
}
