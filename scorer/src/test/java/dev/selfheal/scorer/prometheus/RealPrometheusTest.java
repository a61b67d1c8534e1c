package dev.selfheal.scorer.prometheus;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.selfheal.scorer.support.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scorer against the real Prometheus 2.42, scraping a wave gauge every second. */
@QuarkusTest
@QuarkusTestResource(value = RealPrometheus.class, restrictToAnnotatedClass = true)
@TestProfile(RealPrometheusTest.Profile.class)
class RealPrometheusTest {

    public static class Profile implements QuarkusTestProfile {
    }

    @Test
    void scoresASeriesFetchedFromRealPrometheus() {
        String body = "{\"query\":\"selfheal_test_wave\",\"window\":\"1m\",\"step\":\"1s\"}";
        // Until Prometheus has scraped 10 points the answer is 422 (window too short), never a 5xx.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int status = given().contentType("application/json").body(body).post("/api/v1/score").statusCode();
            if (status != 200 && status != 422) {
                throw new AssertionError("unexpected status " + status + ": "
                        + given().contentType("application/json").body(body).post("/api/v1/score").asString());
            }
            return status == 200;
        });
        given().contentType("application/json").body(body).post("/api/v1/score").then().statusCode(200)
                .body("results[0].labels.kind", equalTo("wave"))
                .body("results[0].labels.job", equalTo("wave"))
                .body("verdict.series", equalTo(1));
        given().contentType("application/json").body("{\"query\":\"sum(rate(selfheal_test_wave[1m]\"}")
                .post("/api/v1/score").then().statusCode(400).body("message", containsString("parse error"));
    }
}
