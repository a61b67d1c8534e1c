package dev.selfheal.receiver.episode;

import java.util.List;

/**
 * Where the group commit makes accepted webhooks durable: the episodes themselves
 * ({@link EpisodeIntake}, direct) or the intake journal they are derived from. The outcomes are
 * in the webhooks' order.
 */
public interface IntakeStore {

    List<IntakeOutcome> accept(List<AcceptedWebhook> webhooks);

    /** Threads that commit groups concurrently. */
    int committers();
}
