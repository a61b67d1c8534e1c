package dev.selfheal.receiver.remediation;

import java.time.Instant;

/** One playbook's remediation of one episode: where it stands in its state machine. */
public record Remediation(long id, long episodeId, String playbook, State state, int actionIndex,
                          Instant verifyAfter, Instant verifyDeadline, String pinned, String outcome,
                          Instant createdAt) {

    public enum State {
        /** The action at actionIndex is due. */
        ACTING,
        /** The action ran; its effect is being verified. */
        VERIFYING,
        /** Approve mode: waiting for a human. */
        AWAITING_APPROVAL,
        HEALED,
        /** The chain is exhausted, or an action could not run: a human is paged. */
        ESCALATED,
        /** The alert resolved before anything ran. */
        CANCELLED,
        REJECTED,
        EXPIRED;

        public boolean terminal() {
            return this != ACTING && this != VERIFYING && this != AWAITING_APPROVAL;
        }
    }
}
