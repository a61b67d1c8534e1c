package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.support.PostgresProfile;
import dev.selfheal.receiver.support.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared login throttle on the real PostgreSQL at 127.0.0.1:5432, the store of several replicas. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(RequiresPostgres.class)
class LoginThrottlePostgresTest extends LoginThrottleTest {
}
