package dev.selfheal.receiver.episode;

/**
 * What one webhook changed.
 *
 * @param recorded   deliveries appended to a timeline (new episodes or state changes)
 * @param duplicates deliveries already recorded, or stale (a firing delivery for an episode already resolved)
 * @param created    episodes created
 * @param enqueued   pipeline work items added (a new firing episode a playbook matches, a resolution)
 */
public record IntakeOutcome(int recorded, int duplicates, int created, int enqueued) {
}
