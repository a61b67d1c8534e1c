package dev.selfheal.receiver.domain;

import java.time.Duration;

/**
 * What the scorer said about the episode's metric: a {@link Served} verdict, or {@link Unavailable}
 * (down, timed out, circuit open, refused) with why. The accessors read either kind the same way
 * (an unavailable verdict is not anomalous and has no score: NaN); new code can match on the kind.
 */
public sealed interface Verdict permits Verdict.Served, Verdict.Unavailable {

    /**
     * The scorer's answer.
     *
     * @param anomalous the scorer's served verdict (an anomalous event is open on the metric)
     * @param model     which model answered (the scorer's model id, version and status), for the audit
     * @param fromModel true when a trained model decided, false for the scorer's median/MAD fallback
     * @param reason    the scorer's own words: which component decided and why
     * @param evidence  the scorer's answer for the series that decided (JSON: decision, model, the
     *                  window's chart data), stored with the decision
     * @param deviation the deciding series' largest component deviation at its latest point, over
     *                  its calibrated threshold (1 = at it; at or over 1 the series is outside its
     *                  normal band now); NaN when unknown
     * @param normalFor how long the series' latest points have been inside the scorer's band for
     *                  them (the forecast band; the median/MAD band for the fallback); null when unknown
     */
    record Served(boolean anomalous, double score, double threshold, String model, boolean fromModel, String reason,
                  String evidence, double deviation, Duration normalFor) implements Verdict {

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String detail() {
            return null;
        }

        @Override
        public Verdict withNormalFor(Duration normal) {
            return new Served(anomalous, score, threshold, model, fromModel, reason, evidence, deviation, normal);
        }
    }

    /** The scorer could not answer; {@code detail} says why, for the decision's reason. */
    record Unavailable(String detail) implements Verdict {

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public boolean anomalous() {
            return false;
        }

        @Override
        public double score() {
            return Double.NaN;
        }

        @Override
        public double threshold() {
            return Double.NaN;
        }

        @Override
        public String model() {
            return null;
        }

        @Override
        public boolean fromModel() {
            return false;
        }

        @Override
        public String reason() {
            return null;
        }

        @Override
        public String evidence() {
            return null;
        }

        @Override
        public double deviation() {
            return Double.NaN;
        }

        @Override
        public Duration normalFor() {
            return null;
        }

        @Override
        public Verdict withNormalFor(Duration normal) {
            return this;
        }
    }

    boolean available();

    boolean anomalous();

    double score();

    double threshold();

    /** Why the scorer could not answer; null when it did. */
    String detail();

    String model();

    boolean fromModel();

    String reason();

    String evidence();

    double deviation();

    Duration normalFor();

    Verdict withNormalFor(Duration normal);

    static Verdict unavailable() {
        return unavailable("the scorer could not answer");
    }

    static Verdict unavailable(String detail) {
        return new Unavailable(detail);
    }

    /** A verdict judged by its score alone, from a trained model (tests and simple callers). */
    static Verdict of(double score, double threshold) {
        return new Served(score >= threshold, score, threshold, null, true, null, null, score >= threshold ? 2 : 0.5,
                null);
    }

    static Verdict served(boolean anomalous, double score, double threshold, String model, boolean fromModel,
                          String reason, String evidence, double deviation, Duration normalFor) {
        return new Served(anomalous, score, threshold, model, fromModel, reason, evidence, deviation, normalFor);
    }

    /** Whether the series is outside its normal band at its latest point (the scorer said so), not only in an open event. */
    default boolean outsideBandNow() {
        return available() && anomalous() && deviation() >= 1;
    }
}
