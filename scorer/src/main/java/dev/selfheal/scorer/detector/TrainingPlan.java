package dev.selfheal.scorer.detector;

/**
 * When a series' model is trained, defined by the data alone (points seen since the series'
 * first point), so the same history gives the same models in the service and in
 * {@code score-csv}: first after {@code firstAfter} points, then each time the points seen have
 * doubled, at most {@code retrainEvery} points apart.
 */
public record TrainingPlan(int firstAfter, int retrainEvery) {

    /** 600 points: NAB's probationary 15% of a typical 4,000-row file; 2.5 h at a 15 s step. */
    public static final int FIRST_AFTER = 600;
    /** 5,760 points: a day at a 15 s step. */
    public static final int RETRAIN_EVERY = 5_760;
    public static final TrainingPlan DEFAULT = new TrainingPlan(FIRST_AFTER, RETRAIN_EVERY);

    public TrainingPlan {
        if (firstAfter < 1 || retrainEvery < 1) {
            throw new IllegalArgumentException("training plan needs positive point counts: " + firstAfter + ", "
                    + retrainEvery);
        }
    }

    /** The points seen at which the model after the one trained at {@code trainedAt} is trained. */
    public long next(long trainedAt) {
        return trainedAt + Math.min(trainedAt, retrainEvery);
    }
}
