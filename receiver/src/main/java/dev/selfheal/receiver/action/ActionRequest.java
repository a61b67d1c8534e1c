package dev.selfheal.receiver.action;

import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;

/**
 * One action of a playbook's chain for one episode. {@code key} names the (episode, action) pair
 * on the target itself where the target can hold it (an annotation, an Idempotency-Key header);
 * {@code pinned} holds what the decision fixed in advance (a rollback's revision).
 */
public record ActionRequest(long episodeId, String key, Playbook playbook, int index, Map<String, String> labels,
                            Map<String, String> pinned) {

    public Playbook.ActionSpec spec() {
        return playbook.actions().get(index);
    }
}
