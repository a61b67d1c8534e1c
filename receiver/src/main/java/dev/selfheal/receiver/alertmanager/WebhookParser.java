package dev.selfheal.receiver.alertmanager;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a webhook body into a {@link WebhookMessage}, leniently (unknown fields are ignored) but
 * strictly about what selfheal relies on. Every refusal names the field that is wrong.
 */
@ApplicationScoped
public class WebhookParser {

    /** Go's zero {@code time.Time}, which Alertmanager sends for an unset endsAt. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final int MAX_FINGERPRINT = 64;

    private final ObjectMapper mapper;

    public WebhookParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public WebhookMessage parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidWebhookException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidWebhookException("body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWebhookException("body must be a JSON object");
        }
        JsonNode version = root.get("version");
        if (version != null && !version.isNull() && !(version.isTextual() && "4".equals(version.asText()))) {
            throw new InvalidWebhookException("unsupported webhook version " + version + ": only \"4\" is accepted");
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw new InvalidWebhookException("field 'alerts' is missing");
        }
        if (!alerts.isArray()) {
            throw new InvalidWebhookException("field 'alerts' must be an array");
        }
        List<WebhookAlert> parsed = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            parsed.add(alert(alerts.get(i), "alerts[" + i + "]"));
        }
        return new WebhookMessage(
                optionalText(root, "receiver", "receiver"),
                optionalText(root, "status", "status"),
                optionalText(root, "groupKey", "groupKey"),
                optionalText(root, "externalURL", "externalURL"),
                truncated(root.get("truncatedAlerts")),
                List.copyOf(parsed));
    }

    private WebhookAlert alert(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidWebhookException(path + " must be an object");
        }
        String statusText = requiredText(node, "status", path);
        AlertStatus status;
        try {
            status = AlertStatus.fromWire(statusText);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException(path + ".status must be \"firing\" or \"resolved\"");
        }
        SortedMap<String, String> labels = stringMap(node.get("labels"), path + ".labels", true);
        SortedMap<String, String> annotations = stringMap(node.get("annotations"), path + ".annotations", false);
        Instant startsAt = time(requiredText(node, "startsAt", path), path + ".startsAt")
                .orElseThrow(() -> new InvalidWebhookException(path + ".startsAt must be set"));
        String endsAtText = optionalText(node, "endsAt", path + ".endsAt");
        Optional<Instant> endsAt = endsAtText == null || endsAtText.isEmpty()
                ? Optional.empty() : time(endsAtText, path + ".endsAt");
        String fingerprint = optionalText(node, "fingerprint", path + ".fingerprint");
        if (fingerprint == null || fingerprint.isEmpty()) {
            fingerprint = AlertmanagerFingerprint.of(labels);
        } else if (fingerprint.length() > MAX_FINGERPRINT) {
            throw new InvalidWebhookException(path + ".fingerprint is longer than " + MAX_FINGERPRINT + " characters");
        }
        return new WebhookAlert(status, labels, annotations, startsAt, endsAt,
                optionalText(node, "generatorURL", path + ".generatorURL"), fingerprint);
    }

    private static Optional<Instant> time(String text, String path) {
        try {
            Instant instant = Rfc3339.parse(text);
            return instant.equals(GO_ZERO_TIME) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw new InvalidWebhookException(path + " must be an RFC 3339 timestamp, got " + abbreviate(text));
        }
    }

    private static SortedMap<String, String> stringMap(JsonNode node, String path, boolean required) {
        SortedMap<String, String> map = new TreeMap<>();
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidWebhookException(path + " is missing");
            }
            return map;
        }
        if (!node.isObject()) {
            throw new InvalidWebhookException(path + " must be an object of strings");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new InvalidWebhookException(path + "." + abbreviate(field.getKey()) + " must be a string");
            }
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }

    private static String requiredText(JsonNode parent, String field, String path) {
        String text = optionalText(parent, field, path + "." + field);
        if (text == null) {
            throw new InvalidWebhookException(path + "." + field + " is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidWebhookException(path + " must be a string");
        }
        return node.asText();
    }

    private static int truncated(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            throw new InvalidWebhookException("truncatedAlerts must be a non-negative integer");
        }
        return node.asInt();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? "'" + text + "'" : "'" + text.substring(0, 64) + "…'";
    }
}
