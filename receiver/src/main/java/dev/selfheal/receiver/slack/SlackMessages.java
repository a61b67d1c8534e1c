package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.auth.ChartLinks;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a Slack message says (Block Kit, https://api.slack.com/block-kit): what fired, what the
 * scorer saw in words, the chart image when the public URL is https (the signed link PagerDuty
 * gets), links to the console's episode page and the runbook; an approval's Approve and Reject
 * buttons. Every message carries its event key as message metadata
 * (https://api.slack.com/metadata), which finds it again in conversations.history.
 */
final class SlackMessages {

    static final String EVENT_TYPE = "selfheal_notice";
    static final String APPROVE = "approve";
    static final String REJECT = "reject";
    /** Slack's limit on a section's text; the fallback text is cut to the same. */
    static final int MAX_TEXT = 3000;
    static final List<String> LINK_ANNOTATIONS = List.of("runbook_url", "dashboard");

    private final ObjectMapper mapper;
    private final ChartLinks links;

    SlackMessages(ObjectMapper mapper, ChartLinks links) {
        this.mapper = mapper;
        this.links = links;
    }

    /** A new message about an episode; {@code approvalId}, when set, adds the buttons that decide it. */
    ObjectNode post(String channel, String eventKey, Episode e, Playbook p, String headline, List<String> lines,
                    Long approvalId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("channel", channel);
        body.put("text", cut("[selfheal] " + headline + ": " + summary(e)));
        ArrayNode blocks = body.putArray("blocks");
        section(blocks, "*[selfheal] " + escape(headline) + "*: " + escape(summary(e)));
        section(blocks, String.join("\n", fired(e, p)) + (lines.isEmpty() ? "" : "\n" + String.join("\n", lines)));
        links.imageUrl(e.id()).ifPresent(src -> blocks.addObject().put("type", "image").put("image_url", src)
                .put("alt_text", "the scorer's chart of episode " + e.id()));
        List<String> where = new ArrayList<>();
        links.episodeUrl(e.id()).ifPresent(u -> where.add(link(u, "selfheal episode " + e.id())));
        for (String name : LINK_ANNOTATIONS) {
            String value = e.annotations().getOrDefault(name, "");
            if (value.startsWith("https://") || value.startsWith("http://")) {
                where.add(link(value, name.equals("dashboard") ? "dashboard" : "runbook"));
            }
        }
        if (!where.isEmpty()) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", String.join("  ·  ", where));
        }
        if (approvalId != null) {
            ArrayNode buttons = blocks.addObject().put("type", "actions").put("block_id", "selfheal_approval")
                    .putArray("elements");
            button(buttons, APPROVE, "Approve", "primary", approvalId);
            button(buttons, REJECT, "Reject", "danger", approvalId);
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("event_type", EVENT_TYPE);
        metadata.putObject("event_payload").put("event_key", eventKey).put("episode", e.id());
        return body;
    }

    /** The approval message once decided (or expired): the same text, the buttons replaced by the verdict. */
    ObjectNode decided(Episode e, Playbook p, String verdict) {
        ObjectNode body = mapper.createObjectNode();
        body.put("text", cut("[selfheal] " + verdict + ": " + summary(e)));
        ArrayNode blocks = body.putArray("blocks");
        section(blocks, "*[selfheal] " + escape(verdict) + "*: " + escape(summary(e)));
        section(blocks, String.join("\n", fired(e, p)));
        links.episodeUrl(e.id()).ifPresent(u -> blocks.addObject().put("type", "context").putArray("elements")
                .addObject().put("type", "mrkdwn").put("text", link(u, "selfheal episode " + e.id())));
        return body;
    }

    /** What fired: the alert, where, the playbook and the episode. */
    private static List<String> fired(Episode e, Playbook p) {
        Map<String, String> l = e.labels();
        String where = List.of("namespace", "deployment", "service", "pod", "instance", "job").stream()
                .filter(l::containsKey).map(k -> k + "=" + l.get(k)).collect(Collectors.joining(", "));
        return List.of("*What fired:* " + escape(e.alertname()) + (where.isEmpty() ? "" : " (" + escape(where) + ")")
                + ", playbook " + escape(p.name()) + ", episode " + e.id());
    }

    /** What the scorer saw, in words, from the scores kept with the decision. */
    static String scorerWords(Map<String, Object> scores) {
        if (!Boolean.TRUE.equals(scores.get("available"))) {
            return "*The scorer:* could not answer.";
        }
        boolean anomalous = Boolean.TRUE.equals(scores.get("anomalous"));
        String source = "model".equals(scores.get("source")) ? "a trained model" : "the median/MAD fallback";
        String text = "*The scorer:* " + (anomalous ? "anomalous" : "normal") + ", score " + number(scores.get("score"))
                + " against a threshold of " + number(scores.get("threshold")) + " (" + source + ")";
        Object reason = scores.get("reason");
        return text + (reason == null ? "." : ": " + escape(reason.toString()) + ".");
    }

    private static String number(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "?";
    }

    private static String summary(Episode e) {
        return e.annotations().getOrDefault("summary", e.alertname());
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn));
    }

    private static void button(ArrayNode elements, String action, String label, String style, long approvalId) {
        ObjectNode b = elements.addObject();
        b.put("type", "button").put("action_id", action).put("style", style).put("value", String.valueOf(approvalId));
        b.putObject("text").put("type", "plain_text").put("text", label);
    }

    private static String link(String url, String text) {
        return "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + escape(text) + ">";
    }

    /** Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
