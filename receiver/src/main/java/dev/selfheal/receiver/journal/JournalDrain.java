package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.alertmanager.InvalidWebhookException;
import dev.selfheal.receiver.alertmanager.WebhookParser;
import dev.selfheal.receiver.episode.AcceptedWebhook;
import dev.selfheal.receiver.config.ReceiverConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns the intake journal into episodes: one thread reads the records after the checkpoint in
 * the order they were accepted, records a batch of them with {@link EpisodeIntake} and moves the
 * checkpoint in the same transaction, then deletes the segments behind it. While the store is
 * down it waits and tries again: the records stay in the journal (late, never lost). A record the
 * store refuses while it is up (none should: each passed validation) is skipped, logged and
 * counted, so one cannot stop the rest. During a burst it stands aside (see {@link #standAside}).
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

    private final IntakeModeSelector mode;
    private final IntakeJournal journal;
    private final JournalCheckpoint checkpoint;
    private final EpisodeIntake intake;
    private final WebhookParser parser;
    private final IntakeMetrics metrics;
    private final PipelineWorker worker;
    private final GroupCommit commit;
    private final long yieldBelowBytes;
    private final Counter skipped;
    private final Semaphore appended = new Semaphore(0);
    private volatile boolean stopping;
    private Thread thread;
    private long position = -1;

    public JournalDrain(IntakeModeSelector mode, IntakeJournal journal, JournalCheckpoint checkpoint,
                        EpisodeIntake intake, WebhookParser parser, IntakeMetrics metrics, PipelineWorker worker,
                        GroupCommit commit, ReceiverConfig config, MeterRegistry registry) {
        this.commit = commit;
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
        List<AcceptedWebhook> webhooks = new ArrayList<>(entries.size());
        for (JournalFile.Entry entry : entries) {
            webhooks.add(decode(entry));
        }
        try {
            record(webhooks, entries.get(entries.size() - 1).next());
        } catch (StoreUnavailableException e) {
            if (!storeIsUp()) {
                throw e;
            }
            return drainAlone(entries, webhooks);
        }
        return entries.size();
    }

    /** Records these webhooks (null: skipped) and moves the checkpoint to {@code next} in one transaction. */
    private void record(List<AcceptedWebhook> webhooks, long next) {
        recorded(intake.recordAll(webhooks.stream().filter(w -> w != null).toList(), c -> {
            checkpoint.advance(c, next);
            return null;
        }));
        moveTo(next, false);
    }

    /** A batch the store refused while up: each record alone, so one refused record cannot hold back the others. */
    private int drainAlone(List<JournalFile.Entry> entries, List<AcceptedWebhook> webhooks) {
        for (int i = 0; i < entries.size(); i++) {
            JournalFile.Entry entry = entries.get(i);
            try {
                record(java.util.Collections.singletonList(webhooks.get(i)), entry.next());
            } catch (StoreUnavailableException e) {
                if (!storeIsUp()) {
                    throw e;
                }
                LOG.errorf("intake journal: the store refused the webhook at position %d (%s); it is skipped",
                        entry.position(), e.getMessage());
                skipped.increment();
                moveTo(entry.next());
            }
        }
        return entries.size();
    }

    /** The webhook a record holds; null (skipped, logged) when it no longer parses. */
    private AcceptedWebhook decode(JournalFile.Entry entry) {
        byte[] body = IntakeJournal.body(entry.payload());
        try {
            return new AcceptedWebhook(parser.parse(body), body, IntakeJournal.acceptedAt(entry.payload()));
        } catch (InvalidWebhookException e) {
            LOG.errorf("intake journal: the webhook at position %d no longer parses (%s); it is skipped",
                    entry.position(), e.getMessage());
            skipped.increment();
            return null;
        }
    }

    private void recorded(List<IntakeOutcome> outcomes) {
        int recorded = 0;
        int duplicates = 0;
        int enqueued = 0;
        for (IntakeOutcome o : outcomes) {
            recorded += o.recorded();
            duplicates += o.duplicates();
            enqueued += o.enqueued();
        }
        metrics.recorded(recorded);
        metrics.duplicates(duplicates);
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
        journal.file().deleteBefore(next);
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
