package dev.selfheal.scorer.replay;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.model.DetectorModel;
import java.time.Instant;

/**
 * What the model list shows of a series, kept while its detector is not in memory (and saved
 * beside its state, so a restarted scorer lists it without loading it).
 */
public record SeriesSummary(Integer version, Instant trainedAt, Integer trainingPoints, Integer leftOutPoints,
                            long pointsSeen, long nextTraining, Long lastPoint, String trainingError) {

    static SeriesSummary of(SeriesDetector.Reached d) {
        DetectorModel m = d.model();
        long last = d.lastTimestamp();
        return new SeriesSummary(m == null ? null : m.metadata().version(), m == null ? null : m.metadata().trainedAt(),
                m == null ? null : m.metadata().trainingPoints(), m == null ? null : m.metadata().leftOutPoints(),
                d.seen(), d.nextTraining(), last == Long.MIN_VALUE ? null : last, d.trainingError());
    }

    static final SeriesSummary NONE = new SeriesSummary(null, null, null, null, 0, 0, null, null);

    public boolean hasModel() {
        return version != null;
    }
}
