package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.episode.AcceptedWebhook;
import dev.selfheal.receiver.episode.IntakeOutcome;
import dev.selfheal.receiver.episode.IntakeStore;
import dev.selfheal.receiver.store.StoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The intake journal as the group commit's store: a group of accepted webhooks is appended (each
 * record: the time it was accepted and the body as it came) and forced to the disk in one write,
 * then answered; {@link JournalDrain} records their episodes right after. Past
 * {@code journal-max-backlog-bytes} waiting for the store, webhooks get 503 instead.
 */
@ApplicationScoped
@Typed(IntakeJournal.class)
public class IntakeJournal implements IntakeStore {

    private static final Logger LOG = Logger.getLogger(IntakeJournal.class);

    private final Path dir;
    private final long segmentBytes;
    private final long maxBacklog;
    private final boolean fsync;
    private final JournalCheckpoint checkpoint;
    private final List<Runnable> listeners = Collections.synchronizedList(new ArrayList<>());
    private volatile JournalFile file;
    private volatile long recorded = -1;

    public IntakeJournal(ReceiverConfig config, JournalCheckpoint checkpoint) {
        this.dir = Path.of(config.dataDir()).resolve("journal");
        this.segmentBytes = config.webhook().journalSegmentBytes();
        this.maxBacklog = config.webhook().journalMaxBacklogBytes();
        this.fsync = config.webhook().journalFsync();
        this.checkpoint = checkpoint;
    }

    /** The journal file, opened on first use after the checkpoint (an empty journal starts there). */
    public JournalFile file() {
        JournalFile f = file;
        if (f != null) {
            return f;
        }
        synchronized (this) {
            if (file == null) {
                long from = checkpoint.read();
                try {
                    file = JournalFile.open(dir, segmentBytes, from, fsync, fsync);
                } catch (IOException e) {
                    throw new StoreUnavailableException("the intake journal could not be opened: " + e.getMessage(), e);
                }
                recorded = from;
                LOG.infof("intake journal in %s: records %d..%d, recorded up to %d", dir, file.start(), file.end(), from);
            }
            return file;
        }
    }

    @Override
    public List<IntakeOutcome> accept(List<AcceptedWebhook> webhooks) {
        JournalFile f = file();
        long backlog = f.end() - Math.max(recorded, f.start());
        if (backlog > maxBacklog) {
            throw new StoreUnavailableException("the intake journal holds " + backlog
                    + " bytes not yet recorded in the store (limit " + maxBacklog + "); send again later", null);
        }
        List<byte[]> payloads = new ArrayList<>(webhooks.size());
        for (AcceptedWebhook w : webhooks) {
            payloads.add(encode(w.acceptedAt(), w.body()));
        }
        try {
            f.append(payloads);
        } catch (IOException e) {
            throw new StoreUnavailableException("the intake journal could not be written: " + e.getMessage(), e);
        }
        listeners.forEach(Runnable::run);
        return Collections.nCopies(webhooks.size(), IntakeOutcome.inJournal());
    }

    /**
     * Two threads append: while one waits for its group's fsync, the other writes the next group,
     * and one fsync covers both (each group is answered after a sync that covers it).
     */
    @Override
    public int committers() {
        return 2;
    }

    /** Called after every append (the drain's wake-up). */
    void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    /** The drain reports how far the store has recorded the journal. */
    void recordedUpTo(long position) {
        recorded = position;
    }

    /** Bytes of accepted webhooks not yet recorded in the store (0 before the journal is opened). */
    public long backlogBytes() {
        JournalFile f = file;
        return f == null ? 0 : Math.max(0, f.end() - Math.max(recorded, f.start()));
    }

    /**
     * When the oldest accepted webhook not yet recorded in the store was accepted; empty when
     * none waits (or the journal cannot be read just now).
     */
    public Optional<Instant> oldestUnrecorded() {
        JournalFile f = file;
        if (f == null || backlogBytes() == 0) {
            return Optional.empty();
        }
        try {
            List<JournalFile.Entry> first = f.read(Math.max(recorded, f.start()), 1, 1);
            return first.isEmpty() ? Optional.empty() : Optional.of(acceptedAt(first.get(0).payload()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the backlog is over its limit: webhooks get 503 and the receiver is not ready. */
    public boolean full() {
        return backlogBytes() > maxBacklog;
    }

    static byte[] encode(Instant acceptedAt, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putLong(acceptedAt.toEpochMilli()).put(body).array();
    }

    static Instant acceptedAt(byte[] payload) {
        return Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong(0));
    }

    static byte[] body(byte[] payload) {
        byte[] body = new byte[payload.length - 8];
        System.arraycopy(payload, 8, body, 0, body.length);
        return body;
    }

    @PreDestroy
    synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warnf("intake journal: %s", e.getMessage());
            }
        }
    }
}
