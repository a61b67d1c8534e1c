package dev.selfheal.receiver.pipeline;

/**
 * What the scorer said about the episode's metric.
 *
 * @param available false when the scorer could not answer (down, timed out, circuit open, refused)
 * @param anomalous the scorer's served verdict (an anomalous event is open on the metric)
 * @param detail    why it could not answer, for the decision's reason
 * @param model     which model answered (the scorer's model id, version and status), for the audit
 * @param fromModel true when a trained model decided, false for the scorer's median/MAD fallback
 * @param reason    the scorer's own words: which component decided and why
 * @param evidence  the scorer's answer for the series that decided (JSON: decision, model, the
 *                  window's chart data), stored with the decision; null when unavailable
 */
public record Verdict(boolean available, boolean anomalous, double score, double threshold, String detail,
                      String model, boolean fromModel, String reason, String evidence) {

    public static Verdict unavailable() {
        return unavailable("the scorer could not answer");
    }

    public static Verdict unavailable(String detail) {
        return new Verdict(false, false, Double.NaN, Double.NaN, detail, null, false, null, null);
    }

    /** A verdict judged by its score alone, from a trained model (tests and simple callers). */
    public static Verdict of(double score, double threshold) {
        return new Verdict(true, score >= threshold, score, threshold, null, null, true, null, null);
    }

    public static Verdict served(boolean anomalous, double score, double threshold, String model, boolean fromModel,
                                 String reason, String evidence) {
        return new Verdict(true, anomalous, score, threshold, null, model, fromModel, reason, evidence);
    }

    public Verdict withModel(String description) {
        return new Verdict(available, anomalous, score, threshold, detail, description, fromModel, reason, evidence);
    }
}
