package dev.selfheal.scorer.model;

import dev.selfheal.scorer.config.ScorerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Retrains models older than the retrain interval, from the history source each was trained
 * with, and tries again for series that had too little history (FALLBACK): their history grows.
 * Runs never overlap; the registry's single training thread does the work.
 */
@ApplicationScoped
public class RetrainSchedule {

    private static final Logger LOG = Logger.getLogger(RetrainSchedule.class);

    private final ModelRegistry registry;
    private final Duration interval;
    private final Clock clock;

    public RetrainSchedule(ModelRegistry registry, ScorerConfig config, Clock clock) {
        this.registry = registry;
        this.interval = config.training().retrainInterval();
        this.clock = clock;
    }

    @Scheduled(every = "${selfheal.training.check-every:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retrainStale() {
        Instant cutoff = clock.instant().minus(interval);
        int queued = 0;
        for (ModelEntry entry : registry.all()) {
            DetectorModel model = entry.model();
            boolean stale = model != null && model.metadata().trainedAt().isBefore(cutoff);
            boolean waitingForHistory = model == null && entry.status() == ModelStatus.FALLBACK;
            if ((stale || waitingForHistory) && entry.history() != null
                    && registry.requestTraining(entry, entry.history())) {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.infof("queued %d models for (re)training (older than %s, or short of history before)", queued, interval);
        }
    }
}
