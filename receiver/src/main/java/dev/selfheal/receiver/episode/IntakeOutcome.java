package dev.selfheal.receiver.episode;

/**
 * What one webhook changed.
 *
 * @param recorded    deliveries appended to a timeline (new episodes or state changes)
 * @param duplicates  deliveries already recorded, or stale (a firing delivery for an episode already resolved)
 * @param created     episodes created
 * @param enqueued    pipeline work items added (a new firing episode a playbook matches, a resolution)
 * @param queued      true when the webhook was made durable in the intake journal and its episodes
 *                    are recorded right after the answer (the counts are then not known yet: all 0)
 * @param deadLetters rejected alerts newly kept as dead letters
 */
public record IntakeOutcome(int recorded, int duplicates, int created, int enqueued, boolean queued, int deadLetters) {

    public IntakeOutcome(int recorded, int duplicates, int created, int enqueued) {
        this(recorded, duplicates, created, enqueued, false, 0);
    }

    /** A webhook kept in the journal, to be recorded after the answer. */
    public static IntakeOutcome inJournal() {
        return new IntakeOutcome(0, 0, 0, 0, true, 0);
    }
}
