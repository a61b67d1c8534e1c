package dev.selfheal.scorer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer of {@code POST /api/v1/score}: an overall verdict and one result per series. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreResponse(Verdict verdict, List<Result> results, List<Skipped> skipped) {

    /** Anomalous when any series is; score is the highest series score. */
    public record Verdict(boolean anomalous, double score, double threshold, int series, int anomalousSeries) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(Map<String, String> labels, boolean anomalous, double score, Forest isolationForest,
                         Lstm lstm, Fallback fallback, List<String> reasons, Model model) {
    }

    public record Forest(double score, double threshold) {
    }

    public record Lstm(double forecast, double actual, double residual, double zScore, double[] band) {
    }

    /** Present instead of the model parts when the median/MAD fallback answered. */
    public record Fallback(double median, double actual, double zScore, double[] band) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String id, Integer version, Instant trainedAt, Integer trainingPoints, String status,
                        String detail) {
    }

    /** A series that could not be scored (too few finite points). */
    public record Skipped(Map<String, String> labels, String reason) {
    }
}
