package dev.selfheal.harness.chaos;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code chaos scorers} counted: the series asked, those left without a saved model
 * version in the shared store, the (series, version) pairs trained more than once across the
 * replicas' logs, and the series whose confirm no scorer answered after the kill. Its verdict:
 * all three are 0. {@link #line()} is the run's last line.
 */
record ScorersTally(int series, long lostModels, long duplicateTraining, long unanswered) {

    /**
     * @param queries    the confirm query of every series
     * @param ids        each query's series id, from the store's series index (absent when never listed)
     * @param withModels series ids with a saved model version ({@code v<N>}) in the store
     * @param trainings  every training in both replicas' logs
     * @param answers    the confirm answer of each query after the kill (absent: no episode seen)
     */
    static ScorersTally of(Collection<String> queries, Map<String, String> ids, Set<String> withModels,
                           List<TrainingLog.Training> trainings, Map<String, ConfirmAnswer> answers) {
        long lost = queries.stream().filter(q -> !ids.containsKey(q) || !withModels.contains(ids.get(q))).count();
        long unanswered = queries.stream()
                .filter(q -> !answers.getOrDefault(q, ConfirmAnswer.NO_DECISION).answered()).count();
        return new ScorersTally(queries.size(), lost, TrainingLog.duplicates(trainings).size(), unanswered);
    }

    boolean ok() {
        return series > 0 && lostModels == 0 && duplicateTraining == 0 && unanswered == 0;
    }

    String line() {
        return "series=" + series + " lost_models=" + lostModels + " duplicate_training=" + duplicateTraining
                + " unanswered=" + unanswered;
    }
}
