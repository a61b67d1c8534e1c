package dev.selfheal.receiver.act;

import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.remediation.PauseSwitch;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An operator turns the kill switch on or off: the switch records who, when and why, and a
 * PagerDuty change event says so, in one transaction.
 */
@ApplicationScoped
public class KillSwitch {

    private final Transactions transactions;
    private final PauseSwitch pause;
    private final AuditTrail audit;

    public KillSwitch(Transactions transactions, PauseSwitch pause, AuditTrail audit) {
        this.transactions = transactions;
        this.pause = pause;
        this.audit = audit;
    }

    /** The longest reason kept. */
    public static final int MAX_REASON = 500;

    /** {@code reason}: why, blank for "paused" or "resumed"; at most {@value #MAX_REASON} characters. */
    public void set(boolean paused, String by, String reason) {
        String why = reason == null || reason.isBlank() ? (paused ? "paused" : "resumed") : reason.strip();
        if (why.length() > MAX_REASON) {
            throw new IllegalArgumentException("the reason is longer than " + MAX_REASON + " characters");
        }
        transactions.inTransaction(c -> {
            pause.set(c, paused, by, why);
            audit.killSwitchChanged(c, paused, by, why);
            return null;
        });
    }
}
