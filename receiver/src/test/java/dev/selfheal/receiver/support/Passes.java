package dev.selfheal.receiver.support;

import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.pipeline.PipelineWorker;
import java.time.Duration;

/** The positive signal a "nothing more happens" check waits for, instead of a fixed sleep. */
public final class Passes {

    private Passes() {
    }

    /**
     * Waits until the pipeline has completed two more passes than now: the second began after
     * this call, so every item due now (a re-sent webhook's, a recovered crash's) has been seen.
     */
    public static void awaitTwo(PipelineWorker worker) {
        long now = worker.passes();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> worker.passes() >= now + 2);
    }
}
