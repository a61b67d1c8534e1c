package dev.selfheal.receiver.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.auth.ChartLinks;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.episode.Times;
import dev.selfheal.receiver.playbook.Playbook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which PagerDuty events each step of a remediation causes, by the playbook's {@code pagerduty}
 * policy: {@code always} (the audit trail: a trigger at the decision, a change event per action,
 * a resolve), {@code on-failure} (only when a human is needed: approval, page, escalation, and
 * what follows them) or {@code never}. Every method runs in the caller's transaction, and tells
 * each {@link AuditListener} (Slack) first, whatever the PagerDuty policy.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Set<String> LABEL_SEVERITIES = Set.of("critical", "error", "warning", "info");

    private final ReceiverConfig.PagerDuty config;
    private final EventBodies bodies;
    private final ChartLinks chartLinks;
    private final Clock clock;
    private final Instance<AuditListener> listeners;

    public AuditTrail(ReceiverConfig config, ObjectMapper mapper, ChartLinks chartLinks, Clock clock,
                      @Any Instance<AuditListener> listeners) {
        this.listeners = listeners;
        this.config = config.pagerduty();
        this.chartLinks = chartLinks;
        this.bodies = new EventBodies(mapper);
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    public String dedupKey(Episode e) {
        return DedupKeys.forEpisode(config.installationId(), e.fingerprint(), Times.toNanos(e.startsAt()));
    }

    /**
     * The decision: a trigger when it acts (info/warning) or needs a human (critical); with
     * {@code pagerdutyOnSuppressed}, an info trigger when the scorer suppresses the alert.
     */
    public void decided(Connection c, Episode e, Playbook p, Decision d, Map<String, Object> scores) throws SQLException {
        for (AuditListener l : listeners) {
            l.decided(c, e, p, d, scores);
        }
        if (suppressedByTheScorer(d) && p.pagerdutyOnSuppressed() && p.pagerduty() != Playbook.PagerDutyPolicy.NEVER) {
            Map<String, Object> details = details(e, p, "suppressed:" + p.name());
            details.put("decision", Map.of("kind", d.kind().name(), "reason", d.reason()));
            details.put("scores", scores);
            trigger(c, e, p, "suppressed:" + p.name(), "info", summary(e, "suppressed by the scorer, nothing run"),
                    details);
            return;
        }
        boolean human = d.kind() == Decision.Kind.AWAIT_APPROVAL || d.kind() == Decision.Kind.PAGE_ONLY;
        if (!human && d.kind() != Decision.Kind.REMEDIATE) {
            return; // shadow, suppressed, ignored: nothing happened that PagerDuty must hear of
        }
        if (p.pagerduty() == Playbook.PagerDutyPolicy.NEVER || (!human && p.pagerduty() == Playbook.PagerDutyPolicy.ON_FAILURE)) {
            return;
        }
        String severity = human ? "critical" : automaticSeverity(e);
        String verb = switch (d.kind()) {
            case REMEDIATE -> "remediating automatically";
            case AWAIT_APPROVAL -> "approval needed";
            default -> "needs a human";
        };
        Map<String, Object> details = details(e, p, "decision:" + p.name());
        details.put("decision", Map.of("kind", d.kind().name(), "reason", d.reason()));
        details.put("scores", scores);
        trigger(c, e, p, "decision:" + p.name(), severity, summary(e, verb), details);
    }

    private static boolean suppressedByTheScorer(Decision d) {
        return d.kind() == Decision.Kind.SUPPRESSED
                && (d.cause() == Decision.Cause.NORMAL || d.cause() == Decision.Cause.DID_NOT_PERSIST);
    }

    /** An action is about to run: optionally acknowledge, so responders see automation has it. */
    public void acting(Connection c, Episode e, Playbook p, int index) throws SQLException {
        if (config.acknowledgeWhileRemediating() && PagerDutyOutbox.hasTrigger(c, e.id())) {
            Map<String, Object> details = details(e, p, "ack:" + p.name() + ":" + index);
            details.put("action", Map.of("index", index, "type", p.actions().get(index).type()));
            add(c, e, p, "ack:" + p.name() + ":" + index, EventAction.ACKNOWLEDGE,
                    bodies.alertEvent("acknowledge", dedupKey(e), content(e, summary(e, "remediation running"),
                            automaticSeverity(e), details)));
        }
    }

    /** A change event for an executed action, with the target's state before and after. */
    public void actionDone(Connection c, Episode e, Playbook p, int index, String target, ActionOutcome outcome)
            throws SQLException {
        for (AuditListener l : listeners) {
            l.actionDone(c, e, p, index, target, outcome);
        }
        if (p.pagerduty() == Playbook.PagerDutyPolicy.NEVER
                || (p.pagerduty() == Playbook.PagerDutyPolicy.ON_FAILURE && !PagerDutyOutbox.hasTrigger(c, e.id()))) {
            return;
        }
        Map<String, Object> details = details(e, p, "action:" + p.name() + ":" + index);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("index", index);
        action.put("type", p.actions().get(index).type());
        action.put("target", target);
        action.put("result", outcome.status().name());
        action.put("detail", outcome.detail());
        action.put("before", outcome.before());
        action.put("after", outcome.after());
        details.put("action", action);
        String summary = "selfheal " + p.actions().get(index).type() + " on " + target + ": "
                + outcome.status().name().toLowerCase(Locale.ROOT) + " (" + e.alertname() + ", episode " + e.id() + ")";
        add(c, e, p, "action:" + p.name() + ":" + index, EventAction.CHANGE,
                bodies.changeEvent(content(e, summary, automaticSeverity(e), details)));
    }

    /** An operator approved or rejected the waiting action: a change event naming them. */
    public void approvalDecided(Connection c, Episode e, Playbook p, int index, boolean approved, String by)
            throws SQLException {
        for (AuditListener l : listeners) {
            l.approvalDecided(c, e, p, index, approved, by);
        }
        if (p.pagerduty() == Playbook.PagerDutyPolicy.NEVER) {
            return;
        }
        String cause = (approved ? "approved:" : "rejected:") + p.name() + ":" + index;
        Map<String, Object> details = details(e, p, cause);
        details.put("approval", Map.of("action", p.actions().get(index).type(), "approved", approved, "by", by));
        String summary = "selfheal " + p.actions().get(index).type() + " " + (approved ? "approved" : "rejected")
                + " by " + by + " (" + e.alertname() + ", episode " + e.id() + ")";
        add(c, e, p, cause, EventAction.CHANGE, bodies.changeEvent(content(e, summary, automaticSeverity(e), details)));
    }

    /** The waiting action expired unanswered: the listeners hear of it (PagerDuty's incident stays as it is). */
    public void approvalExpired(Connection c, Episode e, Playbook p, int index) throws SQLException {
        for (AuditListener l : listeners) {
            l.approvalExpired(c, e, p, index);
        }
    }

    /** An operator turned the kill switch on or off: a change event of selfheal itself, naming them. */
    public void killSwitchChanged(Connection c, boolean paused, String by, String reason) throws SQLException {
        OffsetDateTime now = now();
        String cause = (paused ? "pause:" : "resume:") + now.toInstant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("event", cause);
        details.put("episode", 0);
        details.put("installation", config.installationId());
        details.put("paused", paused);
        details.put("by", by);
        details.put("reason", reason);
        List<EventContent.Link> links = new ArrayList<>();
        config.publicUrl().map(u -> u.replaceAll("/+$", "")).ifPresent(base -> links.add(
                new EventContent.Link(base + "/pause", "selfheal's kill switch")));
        String summary = "selfheal " + (paused ? "paused" : "resumed") + " by " + by + ": " + reason;
        PagerDutyOutbox.addControl(c, cause, bodies.changeEvent(new EventContent(summary, "info", "selfheal", null, null,
                "KillSwitch", now.toInstant(), details, links)), now);
    }

    /** The chain is exhausted or an action could not run: re-trigger, same dedup_key, critical. */
    public void escalated(Connection c, Episode e, Playbook p, String reason) throws SQLException {
        for (AuditListener l : listeners) {
            l.escalated(c, e, p, reason);
        }
        if (p.pagerduty() == Playbook.PagerDutyPolicy.NEVER) {
            return;
        }
        Map<String, Object> details = details(e, p, "escalated:" + p.name());
        details.put("escalation", reason);
        trigger(c, e, p, "escalated:" + p.name(), "critical", summary(e, "automatic remediation failed"), details);
    }

    /** Verification says healed: resolve the incident, with the payload. */
    public void healed(Connection c, Episode e, Playbook p, String verification) throws SQLException {
        for (AuditListener l : listeners) {
            l.healed(c, e, p, verification);
        }
        resolve(c, e, p, "healed by selfheal", Map.of("verification", verification));
    }

    /** Alertmanager reports the alert resolved. */
    public void alertResolved(Connection c, Episode e, Playbook p) throws SQLException {
        if (config.resolveOnAlertResolved()) {
            resolve(c, e, p, "the alert resolved", Map.of());
        }
    }

    private void resolve(Connection c, Episode e, Playbook p, String verb, Map<String, Object> extra)
            throws SQLException {
        if (!PagerDutyOutbox.hasTrigger(c, e.id())) {
            return;
        }
        Map<String, Object> details = details(e, p, "resolve");
        details.putAll(extra);
        add(c, e, p, "resolve", EventAction.RESOLVE,
                bodies.alertEvent("resolve", dedupKey(e), content(e, summary(e, verb), automaticSeverity(e), details)));
    }

    private void trigger(Connection c, Episode e, Playbook p, String cause, String severity, String summary,
                         Map<String, Object> details) throws SQLException {
        if (PagerDutyOutbox.has(c, e.id(), "resolve")) {
            return; // the incident is over; a late trigger would reopen it
        }
        add(c, e, p, cause, EventAction.TRIGGER, bodies.alertEvent("trigger", dedupKey(e), content(e, summary, severity, details)));
    }

    private void add(Connection c, Episode e, Playbook p, String cause, EventAction action, String body)
            throws SQLException {
        PagerDutyOutbox.add(c, e.id(), p.name(), cause, dedupKey(e), action.wire(), body, now());
    }

    /** The details every event carries; {@code event} names its cause, unique per episode (receivers can de-duplicate by it). */
    private static Map<String, Object> details(Episode e, Playbook p, String cause) {
        Map<String, Object> details = details(e, p);
        details.put("event", cause);
        return details;
    }

    /** info when the alert itself is mild, warning otherwise: automation is on it. */
    private static String automaticSeverity(Episode e) {
        String label = e.labels().getOrDefault("severity", "").toLowerCase(Locale.ROOT);
        return LABEL_SEVERITIES.contains(label) && (label.equals("info") || label.equals("warning")) ? "info" : "warning";
    }

    private static String summary(Episode e, String verb) {
        String text = e.annotations().getOrDefault("summary", e.alertname());
        return "[selfheal] " + verb + ": " + text;
    }

    private EventContent content(Episode e, String summary, String severity, Map<String, Object> details) {
        Map<String, String> l = e.labels();
        String source = l.getOrDefault("instance", l.getOrDefault("job", "selfheal"));
        String component = l.getOrDefault("deployment", l.getOrDefault("service", l.get("job")));
        String group = l.getOrDefault("namespace", l.get("job"));
        List<EventContent.Link> links = new ArrayList<>();
        links.add(new EventContent.Link(e.generatorURL(), "Prometheus: the alert's expression"));
        links.add(new EventContent.Link(e.alertmanagerURL(), "Alertmanager"));
        List<EventContent.Image> images = new ArrayList<>();
        chartLinks.episodeUrl(e.id()).ifPresent(page -> {
            links.add(new EventContent.Link(page, "selfheal episode " + e.id()));
            chartLinks.imageUrl(e.id()).ifPresent(src -> images.add(new EventContent.Image(src, page,
                    "the scorer's chart of episode " + e.id())));
        });
        return new EventContent(summary, severity, source, component, group, e.alertname(), clock.instant(), details,
                links, images);
    }

    private static Map<String, Object> details(Episode e, Playbook p) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("episode", e.id());
        details.put("playbook", p.name());
        details.put("startsAt", e.startsAt().toString());
        details.put("labels", e.labels());
        details.put("annotations", e.annotations());
        return details;
    }
}
