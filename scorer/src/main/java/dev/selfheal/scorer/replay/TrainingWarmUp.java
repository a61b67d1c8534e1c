package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.lstm.TrainingProgress;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.SeriesRef;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.jboss.logging.Logger;

/**
 * Trains one small throw-away model at start, on a background thread (lower CPU priority): the
 * first real training would otherwise load libtorch and compile the training code while requests
 * are being answered. Series brought back from the store never need the engine (their models
 * forecast in Java), so without this it would load at the first training, whenever that comes.
 */
@ApplicationScoped
public class TrainingWarmUp {

    private static final Logger LOG = Logger.getLogger(TrainingWarmUp.class);

    private final Clock clock;
    private volatile boolean done;

    public TrainingWarmUp(Clock clock) {
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        new BackgroundThreads("training-warm-up", BackgroundThreads.Priority.IDLE).newThread(this::warmUp).start();
    }

    /** True once the warm-up training finished (or failed: the first real training then pays for it). */
    public boolean done() {
        return done;
    }

    void warmUp() {
        long started = System.nanoTime();
        try {
            Random random = new Random(1);
            double[] values = new double[400];
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.sin(i / 10.0) + 0.1 * random.nextGaussian();
            }
            new ModelTrainer(clock).train(SeriesRef.of("warm-up", Map.of()), 1, values, null, 0,
                    ModelSettings.DEFAULT.withEpochs(1), TrainingProgress.NONE);
            LOG.infof("training engine warmed up in %.1f s", (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("training engine warm-up failed (the first training loads it): %s", e.toString());
        } finally {
            done = true;
        }
    }
}
