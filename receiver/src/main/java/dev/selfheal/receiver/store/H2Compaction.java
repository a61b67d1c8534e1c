package dev.selfheal.receiver.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * Keeps the embedded H2 store compact. With {@code WRITE_DELAY=0} (every commit written before
 * the webhook is answered) H2 runs no background writer, and the background writer is what
 * rewrites sparse chunks: each commit adds a chunk, a chunk stays while any of its pages is
 * live, and a soak at 1,000 alerts/s showed the chunk index (kept on the heap) and the file
 * growing without end. This does the writer's compaction on a schedule: chunks less than
 * {@value #TARGET_FILL_RATE}% full are rewritten, at most {@value #WRITE_LIMIT_BYTES} bytes a
 * run, concurrently with commits (MVStore allows it). Nothing to do on PostgreSQL.
 */
@ApplicationScoped
public class H2Compaction {

    private static final Logger LOG = Logger.getLogger(H2Compaction.class);
    static final int TARGET_FILL_RATE = 50;
    static final int WRITE_LIMIT_BYTES = 2 * 1024 * 1024;

    private final AgroalDataSource dataSource;
    private volatile boolean notH2;

    public H2Compaction(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        try {
            compact();
        } catch (RuntimeException | SQLException e) {
            LOG.debugf("H2 compaction skipped: %s", e.getMessage());
        }
    }

    /** One compaction pass; the chunks' fill rate (%) before and after, or empty on PostgreSQL. */
    public Optional<int[]> compact() throws SQLException {
        if (notH2) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                notH2 = true;
                return Optional.empty();
            }
            JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
            MVStore store = ((SessionLocal) h2.getSession()).getDatabase().getStore().getMvStore();
            int before = store.getFileStore().getChunksFillRate();
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
            int after = store.getFileStore().getChunksFillRate();
            LOG.debugf("H2 compaction: chunks %d%% full before, %d%% after", before, after);
            return Optional.of(new int[] {before, after});
        }
    }
}
