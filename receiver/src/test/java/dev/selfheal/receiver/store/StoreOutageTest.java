package dev.selfheal.receiver.store;

import static dev.selfheal.receiver.support.Api.episodes;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.selfheal.receiver.support.Fixtures;
import dev.selfheal.receiver.support.PostgresProfile;
import dev.selfheal.receiver.support.RequiresPostgres;
import dev.selfheal.receiver.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL taken away in the middle of the run: webhooks get 503 (Alertmanager sends again),
 * readiness goes DOWN, and once the store is back the re-sent webhook is stored and nothing
 * accepted before is lost.
 */
@QuarkusTest
@TestProfile(StoreOutageTest.ProxiedPostgres.class)
@ExtendWith(RequiresPostgres.class)
class StoreOutageTest {

    static final TcpProxy PROXY = new TcpProxy(RequiresPostgres.HOST, RequiresPostgres.PORT);

    public static class ProxiedPostgres extends PostgresProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            PROXY.start();
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + PROXY.port()
                    + "/test?currentSchema=" + SCHEMA + "&connectTimeout=2&socketTimeout=5");
            config.put("quarkus.datasource.jdbc.acquisition-timeout", "2S");
            return config;
        }
    }

    @Test
    void storeDownMeans503AndReadinessDownThenRecovery() {
        postWebhook(Fixtures.webhook("01-prom-HighErrorRate-firing-single", "outage")).then().statusCode(200);

        PROXY.cut();
        String during = Fixtures.webhook("07-api-ApiBatchTest-firing-5alerts", "outage");
        postWebhook(during).then().statusCode(503).body("code", equalTo("store_unavailable"));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        // bad input is still 400, not 503: it must not be sent again
        postWebhook("{}").then().statusCode(400);

        PROXY.start();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> postWebhook(during).statusCode() == 200);
        // readiness follows once the pool has replaced the connections the outage broke
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(episodes("outage")).hasSize(6);
    }
}
