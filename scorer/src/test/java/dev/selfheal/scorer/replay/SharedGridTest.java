package dev.selfheal.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.store.Blobs;
import dev.selfheal.scorer.store.Leases;
import dev.selfheal.scorer.store.Replica;
import dev.selfheal.scorer.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one store: a replica asked about a series another replica listed after it
 * started (a stand-in for an owner that went away) replays it on the owner's grid, so the
 * versions the owner saved match its replay and are loaded rather than trained a second time
 * ({@code ./selfheal chaos scorers} counted one such training twice before).
 */
@QuarkusTest
class SharedGridTest {

    private static final Duration STEP = Duration.ofSeconds(15);

    @Inject
    SeriesStates owner;
    @Inject
    ScorerConfig config;
    @Inject
    PrometheusClient prometheus;
    @Inject
    Blobs blobs;
    @Inject
    Leases leases;
    @Inject
    StoreConfig storeConfig;

    @Test
    void aSeriesListedByAnotherReplicaIsReplayedOnItsGrid() {
        long end = 1_796_534_747_629L;
        Map<String, String> labels = Map.of("__name__", "grid_metric", "series", "owned");
        SeriesState owned = owner.state("grid_metric{series=\"owned\"}", STEP, labels, end);

        // started before the series was listed (it does not know it from loadSaved), asked 7.3 s later
        SeriesStates standIn = new SeriesStates(config, Clock.systemUTC(), new SimpleMeterRegistry(), prometheus, blobs,
                leases, new Replica("stand-in"), storeConfig);
        SeriesState same = standIn.state("grid_metric{series=\"owned\"}", STEP, labels, end + 7_300);
        assertThat(same.ref().id()).isEqualTo(owned.ref().id());
        assertThat(same.originMillis()).as("the owner's grid, not one anchored at the stand-in's request")
                .isEqualTo(owned.originMillis());

        // a series nobody listed: a grid anchored at its own first request, as before
        Map<String, String> other = Map.of("__name__", "grid_metric", "series", "new");
        SeriesState fresh = standIn.state("grid_metric{series=\"new\"}", STEP, other, end + 7_300);
        long lookback = config.training().lookback().toMillis() / STEP.toMillis() * STEP.toMillis();
        assertThat(fresh.originMillis()).isEqualTo(end + 7_300 - lookback);
    }
}
