package dev.selfheal.receiver.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * One step an alert's episode takes through the pipeline (decide, act, verify, resolved), run by
 * {@link PipelineWorker} on the items of its {@link WorkQueue} stage. The pipeline owns this
 * interface; each step lives in a package of its own and depends on the pipeline, never the
 * other way.
 */
public interface Stage {

    /** The work queue's stage this step processes: one of {@link WorkQueue#ORDER}. */
    String name();

    /**
     * Processes one item: empty when it is finished (the item deleted in the transaction that
     * recorded its result), or how long until it should run again.
     */
    Optional<Duration> process(WorkQueue.Item item);
}
