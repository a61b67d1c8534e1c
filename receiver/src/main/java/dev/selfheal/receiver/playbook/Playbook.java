package dev.selfheal.receiver.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One validated playbook: what to do for which alert. {@code pagerdutyOnSuppressed}: when the
 * scorer suppresses the alert (the metric is normal, or the anomaly did not persist), PagerDuty
 * still hears of it, as an info event, for teams that route the alert to selfheal only.
 * {@code slack}: the channel that hears of this playbook's episodes, and on what; null for none.
 */
public record Playbook(
        String name,
        List<Matcher> match,
        Confirm confirm,
        Target target,
        List<ActionSpec> actions,
        Mode mode,
        Duration cooldown,
        int maxPerHour,
        Verify verify,
        PagerDutyPolicy pagerduty,
        boolean pagerdutyOnSuppressed,
        String pagerdutyRoutingKeyFile,
        GitOps gitops,
        Slack slack) {

    /** A playbook without a {@code gitops} key (each action's own default holds) and without Slack notices. */
    public Playbook(String name, List<Matcher> match, Confirm confirm, Target target, List<ActionSpec> actions, Mode mode,
                    Duration cooldown, int maxPerHour, Verify verify, PagerDutyPolicy pagerduty,
                    boolean pagerdutyOnSuppressed, String pagerdutyRoutingKeyFile) {
        this(name, match, confirm, target, actions, mode, cooldown, maxPerHour, verify, pagerduty, pagerdutyOnSuppressed,
                pagerdutyRoutingKeyFile, null, null);
    }

    public enum Mode { SHADOW, APPROVE, AUTO }

    /**
     * What the chain does to a target that Argo CD or Flux manages (whose next sync undoes a
     * change): approve (a human approves first, even in auto mode), refuse (page), allow.
     */
    public enum GitOps { APPROVE, REFUSE, ALLOW }

    public enum OnScorerUnavailable { PAGE, REMEDIATE, SKIP }

    /**
     * What to do when the scorer answered from its median/MAD fallback, not a trained model:
     * page (a human decides), fallback (decide on the fallback's verdict), skip (do nothing).
     */
    public enum OnModelNotReady { PAGE, FALLBACK, SKIP }

    public enum PagerDutyPolicy { ALWAYS, ON_FAILURE, NEVER }

    public enum VerifyCheck { SCORER, RESOLVED, BOTH }

    /** What a playbook's Slack channel hears of: the playbook's {@code slack.on} words. */
    public enum SlackOn { APPROVE, REMEDIATE, SUPPRESSED, FAILED, HEALED, ESCALATED, PAGE }

    /** Where Slack notices go ({@code #ops} or a channel ID) and on what. */
    public record Slack(String channel, java.util.Set<SlackOn> on) {
    }

    /** This playbook's Slack channel, when it hears of {@code what}. */
    public java.util.Optional<String> slackChannel(SlackOn what) {
        return slack != null && slack.on().contains(what) ? java.util.Optional.of(slack.channel()) : java.util.Optional.empty();
    }

    /** How the scorer confirms the alert. */
    /**
     * @param persist how long an anomaly must last to be confirmed: the decision waits until the
     *                episode is this old, then asks the scorer once, and a trained model's verdict
     *                confirms only while the series is still outside its normal band (a burst over
     *                by then is suppressed). Zero decides on the webhook at once.
     */
    public record Confirm(QueryTemplate query, Duration window, Duration step, double threshold,
                          OnScorerUnavailable onScorerUnavailable, OnModelNotReady onModelNotReady, Duration persist) {
    }

    /**
     * What the actions act on: a Kubernetes object found from the alert's labels, or an
     * allow-listed URL.
     */
    public record Target(String kind, String namespaceLabel, String nameLabel, String url) {
        public boolean http() {
            return "http".equals(kind);
        }
    }

    /** One step of the escalation chain, with its validated, bounded parameters. */
    public record ActionSpec(String type, Map<String, Object> params) {
    }

    public record Verify(Duration settle, VerifyCheck check, Duration timeout) {
    }

    /** This playbook's own PagerDuty routing key file, when it has one (else the global key). */
    public java.util.Optional<java.nio.file.Path> routingKeyFile() {
        return java.util.Optional.ofNullable(pagerdutyRoutingKeyFile).map(java.nio.file.Path::of);
    }

    /** The same playbook in another mode (a test alert decides as in shadow; the backtest counts shadow as auto). */
    public Playbook withMode(Mode newMode) {
        return new Playbook(name, match, confirm, target, actions, newMode, cooldown, maxPerHour, verify, pagerduty,
                pagerdutyOnSuppressed, pagerdutyRoutingKeyFile, gitops, slack);
    }

    /**
     * For a GitOps-managed target: the playbook's {@code gitops} key, else approve when any action
     * of the chain defaults to it (scale, rollback: a sync would undo them), else allow.
     */
    public GitOps gitopsPolicy() {
        if (gitops != null) {
            return gitops;
        }
        return actions.stream().anyMatch(a -> ActionTypes.of(a.type()).map(ActionType::gitops)
                .orElse(GitOps.ALLOW) == GitOps.APPROVE) ? GitOps.APPROVE : GitOps.ALLOW;
    }

    public boolean matches(Map<String, String> labels) {
        return match.stream().allMatch(m -> m.matches(labels));
    }
}
