package dev.selfheal.scorer.lstm;

/** Told after every epoch of LSTM training. */
@FunctionalInterface
public interface TrainingProgress {
    void epoch(int epoch, int epochs, double loss);

    TrainingProgress NONE = (epoch, epochs, loss) -> { };
}
