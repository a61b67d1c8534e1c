package dev.selfheal.receiver.pipeline;

/**
 * What the scorer said about the episode's metric.
 *
 * @param available false when the scorer could not answer (down, timed out, circuit open)
 */
public record Verdict(boolean available, boolean anomalous, double score, double threshold) {

    public static Verdict unavailable() {
        return new Verdict(false, false, Double.NaN, Double.NaN);
    }

    public static Verdict of(double score, double threshold) {
        return new Verdict(true, score >= threshold, score, threshold);
    }
}
