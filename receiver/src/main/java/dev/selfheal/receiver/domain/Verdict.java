package dev.selfheal.receiver.domain;

import java.time.Duration;
import java.time.Instant;

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
     * @param now       the scorer's reading of the latest points themselves (null from a scorer
     *                  that does not give one): what a decision after {@code persist} and a
     *                  verification go by
     */
    record Served(boolean anomalous, double score, double threshold, String model, boolean fromModel, String reason,
                  String evidence, double deviation, Duration normalFor, Now now) implements Verdict {

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
            return new Served(anomalous, score, threshold, model, fromModel, reason, evidence, deviation, normal, now);
        }
    }

    /**
     * The scorer's "now": whether the deciding series' latest points are outside their normal band
     * (2 of the latest 3), since when, and in words ("value 0.500 against a normal band of
     * 0.000–0.210 for the last 5 points (10 s): sustained (model v4)").
     *
     * @param since the first point of the run that reads as it reads now
     */
    record Now(boolean outside, Duration lasted, Instant since, String words) {
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

        @Override
        public Now now() {
            return null;
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

    /** The scorer's reading of the latest points; null when unavailable or not given. */
    Now now();

    static Verdict unavailable() {
        return unavailable("the scorer could not answer");
    }

    static Verdict unavailable(String detail) {
        return new Unavailable(detail);
    }

    /** A verdict judged by its score alone, from a trained model (tests and simple callers). */
    static Verdict of(double score, double threshold) {
        return new Served(score >= threshold, score, threshold, null, true, null, null, score >= threshold ? 2 : 0.5,
                null, null);
    }

    static Verdict served(boolean anomalous, double score, double threshold, String model, boolean fromModel,
                          String reason, String evidence, double deviation, Duration normalFor) {
        return new Served(anomalous, score, threshold, model, fromModel, reason, evidence, deviation, normalFor, null);
    }

    static Verdict served(boolean anomalous, double score, double threshold, String model, boolean fromModel,
                          String reason, String evidence, double deviation, Duration normalFor, Now now) {
        return new Served(anomalous, score, threshold, model, fromModel, reason, evidence, deviation, normalFor, now);
    }

    /**
     * Whether the series is outside its normal band now: the scorer's reading of its latest points
     * when it gives one; else (an older scorer) an open event with the latest point at or over its threshold.
     */
    default boolean outsideBandNow() {
        if (!available()) {
            return false;
        }
        return now() != null ? now().outside() : anomalous() && deviation() >= 1;
    }
}
