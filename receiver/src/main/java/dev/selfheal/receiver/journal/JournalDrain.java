package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.alertmanager.InvalidWebhookException;
import dev.selfheal.receiver.alertmanager.WebhookParser;
import dev.selfheal.receiver.episode.AcceptedWebhook;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.episode.DeadLetter;
import dev.selfheal.receiver.episode.DeadLetters;
import dev.selfheal.receiver.episode.EpisodeIntake;
import dev.selfheal.receiver.episode.GroupCommit;
import dev.selfheal.receiver.episode.IntakeOutcome;
import dev.selfheal.receiver.metrics.IntakeMetrics;
import dev.selfheal.receiver.pipeline.PipelineWorker;
import dev.selfheal.receiver.store.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns the intake journal into episodes: one thread reads the records after the checkpoint in
 * the order they were accepted, records a batch of them with {@link EpisodeIntake} and moves the
 * checkpoint in the same transaction, then deletes the segments behind it. While the store is
 * down it waits and tries again: the records stay in the journal (late, never lost). A batch that
 * fails while the store is up is tried record by record; a record the store still refuses after
 * {@link #ATTEMPTS_ALONE} tries (none should: each passed validation) becomes a dead letter with
 * its reason, and the drain goes on at once, so one record can never stop the others. A segment
 * is deleted only after the store has synced what it fed. During a burst it stands aside (see
 * {@link #standAside}).
 */
@ApplicationScoped
public class JournalDrain {

    private static final Logger LOG = Logger.getLogger(JournalDrain.class);
    static final int MAX_RECORDS = 200;
    static final long MAX_BYTES = 1024 * 1024;
    /** Webhooks in flight at once from which the intake counts as saturated (a burst). */
    static final int BURST_IN_FLIGHT = 2;
    /** Longest the drain stands aside for a burst before it records one batch anyway. */
    static final long MAX_YIELD_NANOS = 1_000_000_000L;
    /** Tries of a record alone, once its batch failed while the store was up, before it is a dead letter. */
    static final int ATTEMPTS_ALONE = 3;

    private final IntakeModeSelector mode;
    private final IntakeJournal journal;
    private final JournalCheckpoint checkpoint;
    private final EpisodeIntake intake;
    private final WebhookParser parser;
    private final IntakeMetrics metrics;
    private final PipelineWorker worker;
    private final GroupCommit commit;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final long yieldBelowBytes;
    private final Counter skipped;
    private final Semaphore appended = new Semaphore(0);
    private volatile boolean stopping;
    private Thread thread;
    private long position = -1;

    public JournalDrain(IntakeModeSelector mode, IntakeJournal journal, JournalCheckpoint checkpoint,
                        EpisodeIntake intake, WebhookParser parser, IntakeMetrics metrics, PipelineWorker worker,
                        GroupCommit commit, ReceiverConfig config, MeterRegistry registry, DeadLetters deadLetters,
                        Clock clock) {
        this.clock = clock;
        this.commit = commit;
        this.deadLetters = deadLetters;
        this.yieldBelowBytes = config.webhook().journalMaxBacklogBytes() / 2;
        this.mode = mode;
        this.journal = journal;
        this.checkpoint = checkpoint;
        this.intake = intake;
        this.parser = parser;
        this.metrics = metrics;
        this.worker = worker;
        this.skipped = Counter.builder("selfheal.intake.journal.skipped")
                .description("Journaled webhooks the store refused while it was up (logged with their position)")
                .register(registry);
        Gauge.builder("selfheal.intake.journal.backlog", journal, IntakeJournal::backlogBytes).baseUnit("bytes")
                .description("Accepted webhooks in the intake journal not yet recorded as episodes").register(registry);
        Gauge.builder("selfheal.intake.oldest.unrecorded.age", this, d -> d.oldestUnrecordedAgeSeconds())
                .baseUnit("seconds")
                .description("Age of the oldest accepted webhook not yet recorded as episodes (0 when none waits)")
                .register(registry);
    }

    /** Seconds since the oldest accepted webhook that is not yet recorded was accepted; 0 when none waits. */
    public double oldestUnrecordedAgeSeconds() {
        return journal.oldestUnrecorded()
                .map(t -> Math.max(0, clock.millis() - t.toEpochMilli()) / 1000.0).orElse(0.0);
    }

    void start(@Observes StartupEvent event) {
        if (!mode.journal()) {
            return;
        }
        journal.onAppend(appended::release);
        thread = new Thread(this::run, "intake-journal-drain");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        appended.release();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long pause = 100;
        long yieldingSince = 0;
        while (!stopping) {
            try {
                if (standAside(yieldingSince)) {
                    yieldingSince = yieldingSince == 0 ? System.nanoTime() : yieldingSince;
                    Thread.sleep(5);
                    continue;
                }
                yieldingSince = 0;
                if (drainOnce() == 0) {
                    appended.tryAcquire(200, TimeUnit.MILLISECONDS);
                    appended.drainPermits();
                }
                pause = 100;
            } catch (StoreUnavailableException e) {
                LOG.warnf("intake journal: the store is unavailable (%s); the journal keeps the webhooks, "
                        + "trying again in %d ms", e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(5000, pause * 2);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("intake journal: unexpected failure; trying again", e);
                sleep(pause);
                pause = Math.min(5000, pause * 2);
            }
        }
    }

    /**
     * During a burst (several webhooks in flight at once) the drain stands aside so that accepting
     * keeps its speed, for at most a second at a time and only while less than half the backlog
     * limit waits: the journal absorbs the burst and the episodes follow right after it.
     */
    private boolean standAside(long yieldingSince) {
        return standAside(commit.inFlight(), journal.backlogBytes(), yieldBelowBytes,
                yieldingSince == 0 ? 0 : System.nanoTime() - yieldingSince);
    }

    static boolean standAside(int inFlight, long backlogBytes, long yieldBelowBytes, long yieldedNanos) {
        return inFlight >= BURST_IN_FLIGHT && backlogBytes < yieldBelowBytes && yieldedNanos < MAX_YIELD_NANOS;
    }

    /** Records the next batch of journaled webhooks; how many records it took (0 when none waited). */
    public int drainOnce() {
        JournalFile file = journal.file();
        if (position < 0) {
            position = Math.max(checkpoint.read(), file.start());
        }
        List<JournalFile.Entry> entries;
        try {
            entries = file.read(position, MAX_RECORDS, MAX_BYTES);
        } catch (JournalFile.CorruptRecordException e) {
            LOG.errorf("intake journal: %s; the rest of its segment is skipped (from %d to %d)", e.getMessage(),
                    e.position(), e.skipTo());
            skipped.increment();
            moveTo(e.skipTo());
            return 1;
        } catch (IOException e) {
            throw new StoreUnavailableException("the intake journal could not be read: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            return 0;
        }
        List<Record> records = entries.stream().map(this::decode).toList();
        try {
            record(records);
        } catch (RuntimeException e) {
            if (!storeIsUp()) {
                throw e instanceof StoreUnavailableException s ? s
                        : new StoreUnavailableException("the store is unavailable: " + e.getMessage(), e);
            }
            return drainAlone(records);
        }
        return entries.size();
    }

    /**
     * Records these journal records (a webhook that no longer parses becomes a dead letter) and
     * moves the checkpoint past the last in one transaction.
     */
    private void record(List<Record> records) {
        long next = records.get(records.size() - 1).entry().next();
        int[] deadWebhooks = {0};
        List<IntakeOutcome> outcomes = intake.recordAll(
                records.stream().filter(r -> r.webhook() != null).map(Record::webhook).toList(), c -> {
                    for (Record r : records) {
                        if (r.webhook() == null && deadLetters.addWebhook(c, r.refusal(), r.entry().position(),
                                r.body(), r.acceptedAt())) {
                            deadWebhooks[0]++;
                        }
                    }
                    checkpoint.advance(c, next);
                    return null;
                });
        recorded(outcomes);
        deadLetters.committed(DeadLetter.KIND_WEBHOOK, deadWebhooks[0]);
        moveTo(next, false);
    }

    /**
     * A batch that failed while the store is up: each record alone, a few times; one the store
     * still refuses becomes a dead letter with the reason, and the drain goes on at once. A store
     * that goes down meanwhile stops this (the caller waits and tries the same records again).
     */
    private int drainAlone(List<Record> records) {
        for (Record r : records) {
            RuntimeException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS_ALONE; attempt++) {
                try {
                    record(List.of(r));
                    last = null;
                    break;
                } catch (RuntimeException e) {
                    last = e;
                    if (!storeIsUp()) {
                        throw new StoreUnavailableException("the store went down: " + e.getMessage(), e);
                    }
                    if (attempt < ATTEMPTS_ALONE) {
                        sleep(50L * attempt);
                    }
                }
            }
            if (last != null) {
                deadLetter(r, reason(last));
            }
        }
        return records.size();
    }

    /** Keeps a record the store refuses as a dead letter and moves past it. */
    private void deadLetter(Record r, String reason) {
        LOG.errorf("intake journal: the store refused the webhook at position %d (%s); it is kept as a dead letter "
                + "and the drain goes on", r.entry().position(), reason);
        try {
            record(List.of(new Record(r.entry(), r.body(), r.acceptedAt(), null, reason))); // refused: dead-lettered
        } catch (RuntimeException e) {
            if (!storeIsUp()) {
                throw new StoreUnavailableException("the store went down: " + e.getMessage(), e);
            }
            LOG.errorf("intake journal: the dead letter for position %d could not be written either (%s); the "
                    + "record is skipped", r.entry().position(), e.getMessage());
            skipped.increment();
            moveTo(r.entry().next());
        }
    }

    static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e instanceof StoreUnavailableException ? message : e.getClass().getSimpleName() + ": " + message;
    }

    /** A journal record read back: the webhook, or (webhook null) why it cannot be recorded. */
    private record Record(JournalFile.Entry entry, byte[] body, Instant acceptedAt, AcceptedWebhook webhook,
                          String refusal) {
    }

    private Record decode(JournalFile.Entry entry) {
        byte[] body = IntakeJournal.body(entry.payload());
        Instant acceptedAt = IntakeJournal.acceptedAt(entry.payload());
        try {
            return new Record(entry, body, acceptedAt, new AcceptedWebhook(parser.parse(body), body, acceptedAt), null);
        } catch (InvalidWebhookException e) {
            return new Record(entry, body, acceptedAt, null, "no longer parses: " + e.getMessage());
        }
    }

    private void recorded(List<IntakeOutcome> outcomes) {
        int recorded = 0;
        int duplicates = 0;
        int enqueued = 0;
        int dead = 0;
        for (IntakeOutcome o : outcomes) {
            recorded += o.recorded();
            duplicates += o.duplicates();
            enqueued += o.enqueued();
            dead += o.deadLetters();
        }
        metrics.recorded(recorded);
        metrics.duplicates(duplicates);
        deadLetters.committed(DeadLetter.KIND_ALERT, dead);
        if (enqueued > 0) {
            worker.nudge();
        }
    }

    private void moveTo(long next) {
        moveTo(next, true);
    }

    private void moveTo(long next, boolean store) {
        if (store) {
            checkpoint.advance(next);
        }
        position = next;
        journal.recordedUpTo(next);
        if (journal.file().deletable(next)) {
            // the segment goes only once what it fed (episodes and checkpoint) is on the disk too
            checkpoint.syncStore();
            journal.file().deleteBefore(next);
        }
    }

    private boolean storeIsUp() {
        try {
            checkpoint.read();
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
