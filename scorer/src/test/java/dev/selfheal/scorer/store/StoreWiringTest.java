package dev.selfheal.scorer.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.selfheal.scorer.store.postgres.PostgresBlobs;
import dev.selfheal.scorer.store.postgres.PostgresLeases;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scorer started with SELFHEAL_SCORER_STORE_JDBC_URL: the PostgreSQL pair, its replica name, its readiness. */
@QuarkusTest
@TestProfile(StoreWiringTest.Profile.class)
@ExtendWith(RequiresPostgres.class)
class StoreWiringTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.scorer-store.jdbc-url", TestPostgres.URL,
                    "selfheal.scorer-store.username", TestPostgres.USER,
                    "selfheal.scorer-replica", "scorer-test-0");
        }
    }

    @Inject
    Blobs blobs;

    @Inject
    Leases leases;

    @Inject
    Replica replica;

    @Test
    void thePostgresPairAndItsReadiness() {
        assertThat(blobs).isInstanceOf(PostgresBlobs.class);
        assertThat(leases).isInstanceOf(PostgresLeases.class);
        assertThat(replica.name()).isEqualTo("scorer-test-0");
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'store' }.data.store", startsWith("PostgreSQL 127.0.0.1:5432/test"));
    }
}
