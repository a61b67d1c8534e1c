package dev.selfheal.scorer.store.postgres;

import dev.selfheal.scorer.store.Leases;
import dev.selfheal.scorer.store.LeasesContract;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresLeasesTest extends LeasesContract {

    private static PostgresStore store;
    private static final String PREFIX = TestPostgres.uniquePrefix();

    @BeforeAll
    static void open() throws IOException {
        store = TestPostgres.open();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected Leases leases() {
        return store.leases();
    }

    @Override
    protected String prefix() {
        return PREFIX;
    }
}
