package dev.selfheal.receiver.pipeline;

import dev.selfheal.receiver.action.ActStage;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Drains the pipeline's durable work on a schedule (no overlapping runs in one replica; claims
 * with SKIP LOCKED across replicas). A failed item is given back with a growing delay.
 */
@ApplicationScoped
public class PipelineWorker {

    private static final Logger LOG = Logger.getLogger(PipelineWorker.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final WorkQueue queue;
    private final DecideStage decide;
    private final ActStage act;

    public PipelineWorker(WorkQueue queue, DecideStage decide, ActStage act) {
        this.queue = queue;
        this.decide = decide;
        this.act = act;
    }

    @Scheduled(every = "${selfheal.pipeline.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        drain(DecideStage.STAGE, decide::process);
        drain(ActStage.STAGE, act::process);
    }

    private void drain(String stage, java.util.function.Consumer<WorkQueue.Item> handler) {
        for (WorkQueue.Item item : queue.claim(stage, BATCH, LEASE)) {
            try {
                handler.accept(item);
            } catch (RuntimeException e) {
                Duration delay = Duration.ofSeconds(Math.min(300, 5L << Math.min(6, item.attempts())));
                LOG.warnf("episode %d, stage %s failed (attempt %d), again in %s: %s", item.episodeId(), item.stage(),
                        item.attempts(), delay, e.getMessage());
                queue.retryLater(item.id(), delay);
            }
        }
    }
}
