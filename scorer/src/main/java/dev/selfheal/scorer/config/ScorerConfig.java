package dev.selfheal.scorer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The scorer's configuration root; every key can be set as an environment variable. */
@ConfigMapping(prefix = "selfheal")
public interface ScorerConfig {

    /** Prometheus' base URL, for query_range ({@code SELFHEAL_PROMETHEUS_URL}). */
    @WithDefault("http://127.0.0.1:9090")
    URI prometheusUrl();

    /** Timeout of one Prometheus request. */
    @WithDefault("10s")
    Duration prometheusTimeout();

    /** Where models are saved and loaded from at start ({@code SELFHEAL_MODEL_DIR}). */
    @WithDefault("./data/models")
    Path modelDir();

    Scoring scoring();

    Training training();

    interface Scoring {
        /** A series is anomalous when its score reaches this (0.5: one component at its calibrated threshold). */
        @WithDefault("0.5")
        @DecimalMin("0.01")
        @DecimalMax("0.999")
        double threshold();

        /** Window fetched when a request names none. */
        @WithDefault("30m")
        Duration defaultWindow();

        /** Step used when a request names none. */
        @WithDefault("15s")
        Duration defaultStep();

        /** Most series one request may score. */
        @WithDefault("100")
        @Min(1)
        int maxSeries();
    }

    interface Training {
        /** History a model trains on, at the request's step. */
        @WithDefault("24h")
        Duration lookback();

        /** Retrain models older than this, on a schedule (no overlapping runs). */
        @WithDefault("6h")
        Duration retrainInterval();

        /** How long a request may wait for a model being trained before the fallback answers. */
        @WithDefault("0s")
        Duration waitBudget();

        @WithDefault("8")
        @Min(1)
        @Max(200)
        int epochs();

        /** Most training jobs waiting at once; more are refused until the queue drains. */
        @WithDefault("1000")
        @Min(1)
        int queueSize();
    }
}
