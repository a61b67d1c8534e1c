package dev.selfheal.receiver.domain;

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
 * @param deviation the deciding series' largest component deviation at its latest point, over its
 *                  calibrated threshold (1 = at it; at or over 1 the series is outside its normal
 *                  band now); NaN when unknown
 * @param normalFor how long the series' latest points have been inside the scorer's band for them
 *                  (the forecast band; the median/MAD band for the fallback); null when unknown
 */
public record Verdict(boolean available, boolean anomalous, double score, double threshold, String detail,
                      String model, boolean fromModel, String reason, String evidence, double deviation,
                      java.time.Duration normalFor) {

    public static Verdict unavailable() {
        return unavailable("the scorer could not answer");
    }

    public static Verdict unavailable(String detail) {
        return new Verdict(false, false, Double.NaN, Double.NaN, detail, null, false, null, null, Double.NaN, null);
    }

    /** A verdict judged by its score alone, from a trained model (tests and simple callers). */
    public static Verdict of(double score, double threshold) {
        return new Verdict(true, score >= threshold, score, threshold, null, null, true, null, null,
                score >= threshold ? 2 : 0.5, null);
    }

    public static Verdict served(boolean anomalous, double score, double threshold, String model, boolean fromModel,
                                 String reason, String evidence, double deviation, java.time.Duration normalFor) {
        return new Verdict(true, anomalous, score, threshold, null, model, fromModel, reason, evidence, deviation,
                normalFor);
    }

    /** Whether the series is outside its normal band at its latest point (the scorer said so), not only in an open event. */
    public boolean outsideBandNow() {
        return available && anomalous && deviation >= 1;
    }

    public Verdict withNormalFor(java.time.Duration normal) {
        return new Verdict(available, anomalous, score, threshold, detail, model, fromModel, reason, evidence, deviation,
                normal);
    }

    public Verdict withModel(String description) {
        return new Verdict(available, anomalous, score, threshold, detail, description, fromModel, reason, evidence,
                deviation, normalFor);
    }
}
