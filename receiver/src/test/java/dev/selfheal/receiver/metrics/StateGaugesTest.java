package dev.selfheal.receiver.metrics;

import static dev.selfheal.receiver.support.Api.operator;
import static dev.selfheal.receiver.support.Api.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gauges selfheal's own alerts read: the kill switch and how long it has been on; the pipeline's due work. */
@QuarkusTest
class StateGaugesTest {

    @Test
    void thePauseAndItsAgeAndThePipelinesDueWorkAreScraped() {
        operator().post("/api/v1/pause").then().statusCode(200);
        try {
            assertThat(metric("selfheal_paused")).isEqualTo(1.0);
            await().atMost(Duration.ofSeconds(5)).until(() -> metric("selfheal_paused_for_seconds") > 0);
        } finally {
            operator().post("/api/v1/resume").then().statusCode(200);
        }
        assertThat(metric("selfheal_paused")).isZero();
        assertThat(metric("selfheal_paused_for_seconds")).isZero();
        assertThat(metric("selfheal_pipeline_work_due")).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(metric("selfheal_pipeline_oldest_due_age_seconds")).isNotNaN().isGreaterThanOrEqualTo(0);
    }
}
