package dev.selfheal.receiver.decide;

/**
 * The limits that hold across playbooks when a decision is made.
 *
 * @param paused             the kill switch (configuration or API)
 * @param targetsInWindow    distinct targets acted on inside the blast-radius window, this one excluded
 * @param maxTargetsInWindow the blast-radius limit
 * @param actionsLastHour    actions of every playbook on every target in the last hour
 * @param maxActionsPerHour  the global hourly limit
 */
public record SafetyState(boolean paused, int targetsInWindow, int maxTargetsInWindow, int actionsLastHour,
                          int maxActionsPerHour) {

    public SafetyState(boolean paused, int targetsInWindow, int maxTargetsInWindow) {
        this(paused, targetsInWindow, maxTargetsInWindow, 0, Integer.MAX_VALUE);
    }

    public static SafetyState open() {
        return new SafetyState(false, 0, Integer.MAX_VALUE);
    }
}
