package dev.selfheal.receiver.act;

import dev.selfheal.receiver.slack.ApprovalDecisions;
import jakarta.enterprise.context.ApplicationScoped;

/** A click in Slack decides an approval through {@link Approvals}, the console's and the API's operation. */
@ApplicationScoped
public class SlackApprovals implements ApprovalDecisions {

    private final Approvals approvals;

    public SlackApprovals(Approvals approvals) {
        this.approvals = approvals;
    }

    @Override
    public Decided decide(long remediationId, boolean approve, String by) {
        Approvals.Result r = approvals.decide(remediationId, approve, by);
        return new Decided(Outcome.valueOf(r.status().name()), r.state() == null ? null : r.state().name());
    }
}
