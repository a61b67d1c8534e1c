package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.support.PostgresProfile;
import dev.selfheal.receiver.support.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/** The intake contract on the real PostgreSQL at 127.0.0.1:5432, database {@code test}. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(RequiresPostgres.class)
class IntakePostgresTest extends IntakeContract {
}
