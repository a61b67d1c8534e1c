package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.support.PostgresProfile;
import dev.selfheal.receiver.support.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention on the real PostgreSQL at 127.0.0.1:5432 (the file-size soak is H2's own and is skipped). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(RequiresPostgres.class)
class RetentionPostgresTest extends RetentionTest {
}
