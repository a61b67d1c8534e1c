package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.store.StoreUnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Group commit of webhooks: a request hands its parsed webhook over and waits; a few commit
 * threads each take every webhook waiting (up to a number of alerts) and record them in one
 * transaction, then answer each. Under load one disk write serves many webhooks; when idle a
 * webhook commits alone at once. A webhook's answer still comes only after its commit.
 *
 * <p>When a group fails for a reason that is not the store being down (one webhook the database
 * refuses), each of its webhooks is tried again alone, so one cannot fail the others.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Pending(AcceptedWebhook webhook, CompletableFuture<IntakeOutcome> answer) {
        int alerts() {
            return webhook.message().alerts().size();
        }
    }

    private final IntakeStore store;
    private final int threads;
    private final int maxAlerts;
    private final LinkedBlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final List<Thread> committers = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean stopping;

    @Inject
    public GroupCommit(IntakeStore store, ReceiverConfig config) {
        this(store, store.committers(), config.webhook().commitMaxAlerts());
    }

    GroupCommit(IntakeStore store, int threads, int maxAlerts) {
        this.store = store;
        this.threads = threads;
        this.maxAlerts = maxAlerts;
    }

    void start(@Observes StartupEvent event) {
        startThreads();
    }

    private synchronized void startThreads() {
        if (started || stopping) {
            return;
        }
        started = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::commitLoop, "intake-commit-" + i);
            t.setDaemon(true);
            t.start();
            committers.add(t);
        }
    }

    /** Records the webhook with whatever else is waiting; returns once it has committed. */
    public IntakeOutcome record(AcceptedWebhook webhook) {
        if (!started) {
            startThreads();
        }
        Pending pending = new Pending(webhook, new CompletableFuture<>());
        inFlight.incrementAndGet();
        try {
            return await(pending);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Webhooks handed over and not yet answered: how busy the intake is right now. */
    public int inFlight() {
        return inFlight.get();
    }

    private IntakeOutcome await(Pending pending) {
        queue.add(pending);
        if (stopping && queue.remove(pending)) {
            // handed over after the shutdown drained the queue: nobody would commit it
            throw new StoreUnavailableException("the receiver is shutting down", null);
        }
        try {
            return pending.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while the webhook was committed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreUnavailableException("the webhook was not committed", e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int alerts = first.alerts();
                Pending next;
                while (alerts < maxAlerts && (next = queue.poll()) != null) {
                    if (alerts + next.alerts() > maxAlerts) {
                        queue.offerFirst(next); // the next group starts with it
                        break;
                    }
                    group.add(next);
                    alerts += next.alerts();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("group commit failed unexpectedly", e);
                group.forEach(p -> p.answer().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group) {
        try {
            List<IntakeOutcome> outcomes = store.accept(group.stream().map(Pending::webhook).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).answer().complete(outcomes.get(i));
            }
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).answer().completeExceptionally(e);
                return;
            }
            LOG.debugf("a group of %d webhooks did not commit (%s); each is tried alone", group.size(), e.getMessage());
            for (Pending p : group) {
                try {
                    p.answer().complete(store.accept(List.of(p.webhook())).get(0));
                } catch (RuntimeException alone) {
                    p.answer().completeExceptionally(alone);
                }
            }
        }
    }

    /** Webhooks already handed over are committed (or refused with 503) before the store closes. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        for (Thread t : committers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new StoreUnavailableException("the receiver is shutting down", null));
        }
    }
}
