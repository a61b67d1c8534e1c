package dev.selfheal.receiver.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapes events as PagerDuty's Events API v2 contract asks: dedup_key ≤ 255 characters, summary ≤
 * 1,024 (cut with an ellipsis), severity one of critical | error | warning | info, links only over
 * http(s), and a whole body under 512 KB, reached by dropping the largest custom_details entries
 * first and saying so in custom_details. The routing key is not part of the stored body.
 */
public final class EventBodies {

    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_DEDUP_KEY = 255;
    public static final int MAX_FIELD = 255;
    /** 512 KB less room for the routing key and JSON framing added at send time. */
    public static final int MAX_BODY_BYTES = 512 * 1024 - 1024;
    public static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    private final ObjectMapper mapper;

    public EventBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A trigger, acknowledge or resolve event; every one carries the payload (Event Orchestration rules read it). */
    public String alertEvent(String eventAction, String dedupKey, EventContent content) {
        if (dedupKey.isEmpty() || dedupKey.length() > MAX_DEDUP_KEY) {
            throw new IllegalArgumentException("dedup_key must have 1 to " + MAX_DEDUP_KEY + " characters");
        }
        if (!SEVERITIES.contains(content.severity())) {
            throw new IllegalArgumentException("severity must be one of " + SEVERITIES);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("event_action", eventAction);
        body.put("dedup_key", dedupKey);
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", cut(content.summary(), MAX_SUMMARY));
        payload.put("source", cut(content.source(), MAX_FIELD));
        payload.put("severity", content.severity());
        payload.put("timestamp", content.timestamp().toString());
        putIfPresent(payload, "component", content.component());
        putIfPresent(payload, "group", content.group());
        putIfPresent(payload, "class", content.eventClass());
        body.put("client", "selfheal");
        ArrayNode images = mapper.createArrayNode();
        for (EventContent.Image image : content.images()) {
            if (image.src() != null && image.src().startsWith("https://")) { // PagerDuty shows https images only
                images.addObject().put("src", image.src()).put("href", image.href()).put("alt", cut(image.alt(), MAX_FIELD));
            }
        }
        if (!images.isEmpty()) {
            body.set("images", images);
        }
        return fit(body, payload, content);
    }

    /** A change event: what an action did, with its before and after. */
    public String changeEvent(EventContent content) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", cut(content.summary(), MAX_SUMMARY));
        payload.put("timestamp", content.timestamp().toString());
        payload.put("source", cut(content.source(), MAX_FIELD));
        return fit(body, payload, content);
    }

    private String fit(ObjectNode body, ObjectNode payload, EventContent content) {
        ArrayNode links = mapper.createArrayNode();
        for (EventContent.Link link : content.links()) {
            if (link.href() != null && (link.href().startsWith("https://") || link.href().startsWith("http://"))) {
                links.addObject().put("href", link.href()).put("text", cut(link.text(), MAX_FIELD));
            }
        }
        if (!links.isEmpty()) {
            body.set("links", links);
        }
        Map<String, Object> details = new LinkedHashMap<>(content.customDetails());
        List<String> dropped = new ArrayList<>();
        while (true) {
            payload.set("custom_details", mapper.valueToTree(details));
            String json = write(body);
            if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_BODY_BYTES) {
                return json;
            }
            // drop the largest entry first, and say so
            String largest = details.entrySet().stream()
                    .filter(e -> !e.getKey().equals("truncated"))
                    .max(Comparator.comparingInt(e -> write(mapper.valueToTree(e.getValue())).length()))
                    .map(Map.Entry::getKey).orElse(null);
            if (largest == null) {
                details.clear();
                details.put("truncated", "every detail was dropped to keep the event under 512 KB");
                payload.put("summary", cut(payload.path("summary").asText(), 256));
                payload.set("custom_details", mapper.valueToTree(details));
                return write(body);
            }
            details.remove(largest);
            dropped.add(largest);
            details.put("truncated", "dropped " + String.join(", ", dropped) + " to keep the event under 512 KB");
        }
    }

    private String write(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event always serialises", e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, cut(value, MAX_FIELD));
        }
    }

    /** At most {@code max} characters; a cut text ends with an ellipsis. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
