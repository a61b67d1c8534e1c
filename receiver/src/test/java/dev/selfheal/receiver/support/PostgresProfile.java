package dev.selfheal.receiver.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The receiver on the real PostgreSQL (database {@code test}), in a schema of its own, cleaned at start. */
public class PostgresProfile implements QuarkusTestProfile {

    public static final String SCHEMA = "selfheal_test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + RequiresPostgres.HOST + ":"
                        + RequiresPostgres.PORT + "/test?currentSchema=" + SCHEMA,
                "quarkus.datasource.username", "postgres",
                "quarkus.flyway.schemas", SCHEMA,
                "quarkus.flyway.clean-disabled", "false",
                "quarkus.flyway.clean-at-start", "true");
    }
}
