package dev.selfheal.receiver.pipeline;

/**
 * What the scorer said about the episode's metric.
 *
 * @param available false when the scorer could not answer (down, timed out, circuit open, refused)
 * @param detail    why it could not, for the decision's reason
 * @param model     which model answered (the scorer's model id, version and status), for the audit
 */
public record Verdict(boolean available, boolean anomalous, double score, double threshold, String detail,
                      String model) {

    public static Verdict unavailable() {
        return unavailable("the scorer could not answer");
    }

    public static Verdict unavailable(String detail) {
        return new Verdict(false, false, Double.NaN, Double.NaN, detail, null);
    }

    public static Verdict of(double score, double threshold) {
        return new Verdict(true, score >= threshold, score, threshold, null, null);
    }

    public Verdict withModel(String description) {
        return new Verdict(available, anomalous, score, threshold, detail, description);
    }
}
