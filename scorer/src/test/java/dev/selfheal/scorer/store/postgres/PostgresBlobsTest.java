package dev.selfheal.scorer.store.postgres;

import dev.selfheal.scorer.store.Blobs;
import dev.selfheal.scorer.store.BlobsContract;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresBlobsTest extends BlobsContract {

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
    protected Blobs blobs() {
        return store.blobs();
    }

    @Override
    protected String prefix() {
        return PREFIX;
    }
}
