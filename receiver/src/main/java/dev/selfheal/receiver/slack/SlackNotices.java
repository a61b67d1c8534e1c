package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.auth.ChartLinks;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.pagerduty.AuditListener;
import dev.selfheal.receiver.pagerduty.DedupKeys;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which Slack messages a remediation's steps cause, by the playbook's {@code slack.on}: the
 * decision (approve, remediate, page, suppressed), a failed action, an escalation, healed; and,
 * when an operator decides an approval, a chat.update of the approval message naming them. Every
 * message goes to the outbox in the caller's transaction ({@link AuditListener}).
 */
@ApplicationScoped
public class SlackNotices implements AuditListener {

    private static final Logger LOG = Logger.getLogger(SlackNotices.class);

    private final SlackMessages messages;
    private final String installation;
    private final Clock clock;

    public SlackNotices(ObjectMapper mapper, ChartLinks links, ReceiverConfig config, Clock clock) {
        this.messages = new SlackMessages(mapper, links);
        this.installation = config.pagerduty().installationId();
        this.clock = clock;
    }

    /** A playbook that posts to Slack without a bot token loads; its messages wait, and the start says so. */
    void warnWithoutToken(@Observes StartupEvent start, PlaybookRegistry playbooks, SlackClient client) {
        List<String> names = playbooks.all().stream().filter(p -> p.slack() != null).map(Playbook::name).toList();
        if (!names.isEmpty() && !client.configured()) {
            LOG.warnf("playbooks %s post to Slack, but SELFHEAL_SLACK_BOT_TOKEN is not set: their messages wait in "
                    + "the outbox (GET /api/v1/slack/outbox)", names);
        }
    }

    @Override
    public void decided(Connection c, Episode e, Playbook p, Decision d, Map<String, Object> scores) throws SQLException {
        Playbook.SlackOn on = switch (d.kind()) {
            case REMEDIATE -> Playbook.SlackOn.REMEDIATE;
            case AWAIT_APPROVAL -> Playbook.SlackOn.APPROVE;
            case PAGE_ONLY -> Playbook.SlackOn.PAGE;
            case SUPPRESSED -> d.cause() == Decision.Cause.NORMAL || d.cause() == Decision.Cause.DID_NOT_PERSIST
                    ? Playbook.SlackOn.SUPPRESSED : null;
            default -> null;
        };
        if (on == null) {
            return;
        }
        String headline = switch (on) {
            case REMEDIATE -> "remediating automatically";
            case APPROVE -> "approval needed";
            case PAGE -> "needs a human";
            default -> "suppressed by the scorer, nothing run";
        };
        List<String> lines = new ArrayList<>();
        lines.add(SlackMessages.scorerWords(scores));
        lines.add("*Decision:* " + SlackMessages.escape(d.reason()));
        Long approval = null;
        if (on == Playbook.SlackOn.APPROVE) {
            Optional<Remediation> r = RemediationStore.find(c, e.id(), p.name(), false);
            approval = r.map(Remediation::id).orElse(null);
            lines.add("*Would run:* " + p.actions().stream().map(Playbook.ActionSpec::type).toList());
        }
        post(c, e, p, on, approvalCause(p), headline, lines, approval);
    }

    @Override
    public void actionDone(Connection c, Episode e, Playbook p, int index, String target, ActionOutcome outcome)
            throws SQLException {
        if (outcome.status() == ActionOutcome.Status.SUCCEEDED || outcome.status() == ActionOutcome.Status.NOOP) {
            return;
        }
        String type = p.actions().get(index).type();
        post(c, e, p, Playbook.SlackOn.FAILED, "action:" + p.name() + ":" + index, type + " on " + target + " "
                + outcome.status().name().toLowerCase(Locale.ROOT),
                List.of("*Action:* " + SlackMessages.escape(type + " on " + target + ": " + outcome.detail())), null);
    }

    @Override
    public void escalated(Connection c, Episode e, Playbook p, String reason) throws SQLException {
        post(c, e, p, Playbook.SlackOn.ESCALATED, "escalated:" + p.name(), "automatic remediation failed",
                List.of("*Escalated:* " + SlackMessages.escape(reason)), null);
    }

    @Override
    public void healed(Connection c, Episode e, Playbook p, String verification) throws SQLException {
        post(c, e, p, Playbook.SlackOn.HEALED, "healed:" + p.name(), "healed",
                List.of("*Verification:* " + SlackMessages.escape(verification)), null);
    }

    /** The approval message (when one was posted) is updated to say who decided it. */
    @Override
    public void approvalDecided(Connection c, Episode e, Playbook p, int index, boolean approved, String by)
            throws SQLException {
        update(c, e, p, (approved ? "approved:" : "rejected:") + p.name() + ":" + index,
                (approved ? "Approved" : "Rejected") + " by " + by);
    }

    /** The approval message (when one was posted) is updated to say nobody decided in time; its buttons go. */
    @Override
    public void approvalExpired(Connection c, Episode e, Playbook p, int index) throws SQLException {
        update(c, e, p, "expired:" + p.name() + ":" + index, "Expired: nobody approved or rejected it in time; nothing ran");
    }

    private void update(Connection c, Episode e, Playbook p, String cause, String verdict) throws SQLException {
        Optional<SlackOutbox.Posted> posted = SlackOutbox.find(c, e.id(), approvalCause(p));
        if (posted.isEmpty()) {
            return; // no message (its playbook posts no approvals to Slack, or did not then)
        }
        ObjectNode body = messages.decided(e, p, verdict);
        SlackOutbox.add(c, new SlackOutbox.Message(e.id(), p.name(), cause, eventKey(e, cause), posted.get().messageKey(),
                SlackOutbox.UPDATE, posted.get().channel(), body.toString()), now());
    }

    private void post(Connection c, Episode e, Playbook p, Playbook.SlackOn on, String cause, String headline,
                      List<String> lines, Long approvalId) throws SQLException {
        Optional<String> channel = p.slackChannel(on);
        if (channel.isEmpty()) {
            return;
        }
        String key = eventKey(e, cause);
        ObjectNode body = messages.post(channel.get(), key, e, p, headline, lines, approvalId);
        SlackOutbox.add(c, new SlackOutbox.Message(e.id(), p.name(), cause, key, key, SlackOutbox.POST, channel.get(),
                body.toString()), now());
    }

    private static String approvalCause(Playbook p) {
        return "decision:" + p.name();
    }

    /** The message's key, stable per episode and cause and unique to this installation (a SHA-256, as PagerDuty's dedup_key). */
    private String eventKey(Episode e, String cause) {
        return DedupKeys.forEpisode(installation + "/slack", cause, e.id());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
