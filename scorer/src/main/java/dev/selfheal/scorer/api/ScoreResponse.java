package dev.selfheal.scorer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer of {@code POST /api/v1/score}: an overall verdict and one result per series. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreResponse(Verdict verdict, List<Result> results, List<Skipped> skipped) {

    /**
     * Anomalous when any series is; score is the highest series score; {@code outsideNow} when any
     * series' latest points are outside their normal band (what a decision after {@code persist} and
     * a verification read).
     */
    public record Verdict(boolean anomalous, double score, double threshold, int series, int anomalousSeries,
                          boolean outsideNow) {
    }

    /**
     * One series at the grid point at or before the request's {@code end} ({@code at}):
     * {@code score} is the event score (NAB's), {@code anomalous} the served verdict (an anomalous
     * event is open); {@code decision} says what decided and why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(Map<String, String> labels, Instant at, boolean anomalous, double score, double value,
                         Forecast forecast, Decision decision, List<String> reasons, Model model, Now now,
                         Explain explain) {
    }

    /**
     * "Now": whether the series' latest points themselves are outside their normal band (2 of the
     * latest 3), since when ({@code points} in a row read so, {@code seconds} long), the normal band
     * (the model's median ± its calibrated threshold) and the forecast band, and all of it in words.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Now(boolean outside, int points, double seconds, Instant since, double value, Double normalLow,
                      Double normalHigh, Double forecastLow, Double forecastHigh, String words) {
    }

    /** The LSTM's forecast and band (the window median and its 5 σ band for the fallback). */
    public record Forecast(double value, double low, double high) {
    }

    /**
     * @param component lstm, isolation_forest, spread, level, out_of_range or fallback
     * @param ratio     the largest component deviation over its calibrated threshold (1 = at it)
     */
    public record Decision(String component, String reason, double ratio, Instant eventStart) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String id, Integer version, Instant trainedAt, Integer trainingPoints, String status,
                        String detail) {
    }

    /** What a chart of the window needs, point by point (times in epoch seconds; null where no forecast). */
    public record Explain(double[] timestamps, double[] values, List<Double> forecast, List<Double> bandLow,
                          List<Double> bandHigh, double[] score, boolean[] anomalous, double threshold) {
    }

    /** A series that could not be scored (too few finite points). */
    public record Skipped(Map<String, String> labels, String reason) {
    }
}
