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
import java.util.Optional;
import dev.selfheal.scorer.detector.TrainingPlan;

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

    /**
     * Whether {@code /api/*} requires the bearer token ({@code SELFHEAL_SCORER_AUTH_ENABLED}); the
     * scorer refuses to start without a token unless this is turned off, explicitly.
     */
    @WithDefault("true")
    boolean scorerAuthEnabled();

    /** The API's bearer token ({@code SELFHEAL_SCORER_TOKEN}); the receiver sends the same variable. */
    Optional<String> scorerToken();

    /** A file holding the token, re-read when it changes ({@code SELFHEAL_SCORER_TOKEN_FILE}). */
    Optional<Path> scorerTokenFile();

    /**
     * The bytes resident series may hold ({@code SELFHEAL_SCORER_MEMORY_BUDGET}, e.g. {@code 512m}):
     * past it the least recently asked leave memory (state and models stay in the store) and come
     * back on their next request. Unset: half the heap's maximum ({@link MemoryBudget}).
     */
    Optional<String> scorerMemoryBudget();

    /**
     * How often a changed series' state is saved ({@code SELFHEAL_SCORER_STATE_SAVE_INTERVAL}); it is
     * also saved when it leaves memory and at shutdown. A killed scorer catches up from there.
     */
    @WithDefault("2m")
    Duration scorerStateSaveInterval();

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

        /**
         * The longest window one request may ask Prometheus for ({@code SELFHEAL_SCORING_MAX_WINDOW}):
         * what one caller can make Prometheus read. The scorer's own history replays fetch in
         * chunks and are not bound by it.
         */
        @WithDefault("1d")
        Duration maxWindow();

        /** The most points (window / step) one request may ask for ({@code SELFHEAL_SCORING_MAX_POINTS}). */
        @WithDefault("11000")
        @Min(10)
        @Max(11000)
        int maxPoints();

        /** Most series one request may score. */
        @WithDefault("100")
        @Min(1)
        int maxSeries();
    }

    interface Training {
        /**
         * History a series' state is replayed from on its first request (from {@code end} minus
         * this, on the grid {@code end - k*step}; in chunks of Prometheus' 11,000 points).
         */
        @WithDefault("24h")
        Duration lookback();

        /**
         * How long a request may wait for its series' replay (history, training) before the
         * median/MAD fallback answers with status PENDING. Kept under the receiver's scorer
         * timeout (12 s): a first alert on a cold series waits for a model rather than page.
         */
        @WithDefault("10s")
        Duration waitBudget();

        @WithDefault("6")
        @Min(1)
        @Max(200)
        int epochs();

        /** Points seen before the first model is trained (the training plan: data-defined). */
        @WithDefault("" + TrainingPlan.FIRST_AFTER)
        @Min(200)
        int firstAfter();

        /** The most points seen between two trainings (they double until then). */
        @WithDefault("" + TrainingPlan.RETRAIN_EVERY)
        @Min(100)
        int retrainEvery();

        /** Model versions kept on disk per series; older ones are deleted. */
        @WithDefault("3")
        @Min(1)
        @Max(100)
        int keepVersions();

        /**
         * Points kept with their outputs per series, for answers about the past (a request about an
         * older time is answered by a replay of its own); the values training reads back are kept
         * besides, whatever this says.
         */
        @WithDefault("1440")
        @Min(100)
        @Max(1_000_000)
        int retainPoints();

        /**
         * Trainings running at once ({@code SELFHEAL_TRAINING_THREADS}): training is the heavy part, so
         * it takes at most this many cores (one of two by default) and scoring keeps the rest; a
         * series whose training waits answers PENDING from the fallback once its wait budget is up.
         */
        @WithDefault("1")
        @Min(1)
        @Max(16)
        int threads();

        /** Replays (fetching and scoring new points) running at once; trainings among them are bounded by {@link #threads()}. */
        @WithDefault("2")
        @Min(1)
        @Max(16)
        int replayThreads();
    }
}
