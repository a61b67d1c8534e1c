package dev.selfheal.receiver.pipeline;

import dev.selfheal.receiver.config.ReceiverConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Drains the pipeline's durable work on a schedule (no overlapping runs in one replica; claims
 * with SKIP LOCKED across replicas). A stage either finishes its item (deleting it in the
 * transaction that records its result) or asks to run again after a delay; a failed item is
 * given back with a growing delay.
 */
@ApplicationScoped
public class PipelineWorker {

    private static final Logger LOG = Logger.getLogger(PipelineWorker.class);
    private static final int BATCH = 20;

    private final WorkQueue queue;
    /** The stages in the order of a pass ({@link WorkQueue#ORDER}). */
    private final List<Stage> stages;

    private final Duration lease;

    /** @param stages every {@link Stage} bean; one per work-queue stage, or the worker refuses to start */
    public PipelineWorker(WorkQueue queue, Instance<Stage> stages, ReceiverConfig config) {
        this.lease = config.pipeline().lease();
        this.queue = queue;
        this.stages = inOrder(stages.stream().toList());
    }

    static List<Stage> inOrder(List<Stage> found) {
        Map<String, List<Stage>> byName = found.stream().collect(Collectors.groupingBy(Stage::name));
        List<Stage> ordered = new ArrayList<>();
        for (String name : WorkQueue.ORDER) {
            List<Stage> named = byName.getOrDefault(name, List.of());
            if (named.size() != 1) {
                throw new IllegalStateException("the pipeline needs exactly one stage for '" + name + "', found "
                        + named.size());
            }
            ordered.add(named.get(0));
        }
        if (found.size() != ordered.size()) {
            throw new IllegalStateException("stages of no work-queue stage: " + found.stream().map(Stage::name)
                    .filter(n -> !WorkQueue.ORDER.contains(n)).toList());
        }
        return List.copyOf(ordered);
    }

    /** One background thread for nudged passes; a nudge while a pass runs asks for one more. */
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pipeline-nudge");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * Asks for a pass now (after the intake committed new work), instead of at the next tick. At
     * most one nudged pass waits; claims use SKIP LOCKED, so it may overlap the scheduled one.
     */
    public void nudge() {
        if (pending.getAndIncrement() == 0) {
            nudges.execute(() -> {
                do {
                    pending.set(1);
                    scheduled();
                } while (pending.decrementAndGet() > 0);
            });
        }
    }

    /** Wakes a pass when a short wait a stage asked for ends (a persistence wait, a settle), not at the next tick. */
    private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pipeline-wake-up");
                t.setDaemon(true);
                return t;
            });

    /** Waits up to this long get a wake-up of their own; longer ones are found by the scheduled passes. */
    static final Duration WAKE_UP_WITHIN = Duration.ofMinutes(2);

    private void wakeAfter(Duration delay) {
        if (delay.compareTo(WAKE_UP_WITHIN) <= 0 && !wakeUps.isShutdown()) {
            wakeUps.schedule(this::nudge, Math.max(0, delay.toMillis()) + 1, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        nudges.shutdownNow();
        wakeUps.shutdownNow();
    }

    @Scheduled(every = "${selfheal.pipeline.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            drainOnce();
        } catch (RuntimeException e) {
            LOG.warnf("pipeline: %s", e.getMessage()); // the store is down, say; the next tick tries again
        }
    }

    private final AtomicLong passes = new AtomicLong();

    /** One pass over every stage's due work. */
    public void drainOnce() {
        for (Stage stage : stages) {
            drain(stage.name(), stage::process);
        }
        passes.incrementAndGet();
    }

    /**
     * Passes completed so far. Two more passes than a moment ago means every item due at that
     * moment has been looked at: what a "nothing more happens" check waits for.
     */
    public long passes() {
        return passes.get();
    }

    private void drain(String stage, Function<WorkQueue.Item, Optional<Duration>> handler) {
        for (WorkQueue.Item item : queue.claim(stage, BATCH, lease)) {
            try {
                handler.apply(item).ifPresent(again -> {
                    queue.retryLater(item.id(), again);
                    wakeAfter(again);
                });
            } catch (RuntimeException e) {
                Duration delay = Duration.ofSeconds(Math.min(300, 5L << Math.min(6, item.attempts())));
                LOG.warnf("episode %d, stage %s failed (attempt %d), again in %s: %s", item.episodeId(), item.stage(),
                        item.attempts(), delay, e.getMessage());
                queue.retryLater(item.id(), delay);
            }
        }
    }
}
