package dev.selfheal.receiver.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.domain.AlertStatus;
import dev.selfheal.receiver.domain.WebhookAlert;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads one alert of a webhook and checks everything the store needs of it: a status, labels
 * within {@link IntakeLimits} and free of what no store can hold (a NUL character, half a UTF-16
 * surrogate pair), times the store can hold, and a fingerprint that is Alertmanager's hash of
 * the labels. A refusal names the field; it is {@link Refused}, which the parser turns into a
 * dead letter for this alert alone. Annotations are descriptive: cut to the limit with a visible
 * marker, and unstorable characters replaced by U+FFFD, never refused.
 */
final class AlertReader {

    /** Go's zero {@code time.Time}, which Alertmanager sends for an unset endsAt. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final int MAX_FINGERPRINT = 64;

    /** Why one alert cannot be stored. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final IntakeLimits limits;

    AlertReader(IntakeLimits limits) {
        this.limits = limits;
    }

    WebhookAlert read(JsonNode node, String path) throws Refused {
        if (!node.isObject()) {
            throw new Refused(path + " must be an object");
        }
        String statusText = requiredText(node, "status", path);
        AlertStatus status;
        try {
            status = AlertStatus.fromWire(statusText);
        } catch (IllegalArgumentException e) {
            throw new Refused(path + ".status must be \"firing\" or \"resolved\"");
        }
        SortedMap<String, String> labels = labels(node.get("labels"), path + ".labels");
        SortedMap<String, String> annotations = annotations(node.get("annotations"), path + ".annotations");
        Instant startsAt = time(requiredText(node, "startsAt", path), path + ".startsAt");
        if (startsAt == null) {
            throw new Refused(path + ".startsAt must be set");
        }
        String endsAtText = optionalText(node, "endsAt", path + ".endsAt");
        Optional<Instant> endsAt = endsAtText == null || endsAtText.isEmpty()
                ? Optional.empty() : Optional.ofNullable(time(endsAtText, path + ".endsAt"));
        String expected = AlertmanagerFingerprint.of(labels);
        String fingerprint = optionalText(node, "fingerprint", path + ".fingerprint");
        if (fingerprint != null && !fingerprint.isEmpty() && !fingerprint.equals(expected)) {
            throw new Refused(path + ".fingerprint " + Texts.quote(fingerprint, MAX_FINGERPRINT)
                    + " is not Alertmanager's hash of the alert's labels (expected '" + expected + "')");
        }
        String generatorUrl = optionalText(node, "generatorURL", path + ".generatorURL");
        return new WebhookAlert(status, labels, annotations, startsAt, endsAt,
                generatorUrl == null ? null : Texts.storable(generatorUrl), expected);
    }

    /** The time, or null for Go's zero time (unset). */
    private static Instant time(String text, String path) throws Refused {
        Instant instant;
        try {
            instant = Rfc3339.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Refused(path + " must be an RFC 3339 timestamp, got " + Texts.quote(text, 64));
        }
        if (instant.equals(GO_ZERO_TIME)) {
            return null;
        }
        if (!IntakeLimits.storable(instant)) {
            throw new Refused(path + " " + Texts.quote(text, 64) + " is outside the range the store holds ("
                    + IntakeLimits.EARLIEST + " to " + IntakeLimits.LATEST + ")");
        }
        return instant;
    }

    private SortedMap<String, String> labels(JsonNode node, String path) throws Refused {
        if (node == null || node.isNull()) {
            throw new Refused(path + " is missing");
        }
        if (!node.isObject()) {
            throw new Refused(path + " must be an object of strings");
        }
        if (node.size() > limits.maxLabels()) {
            throw new Refused(path + " has " + node.size() + " labels; at most " + limits.maxLabels() + " are kept");
        }
        SortedMap<String, String> map = new TreeMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey();
            String where = path + "." + Texts.quote(name, 64);
            if (!field.getValue().isTextual()) {
                throw new Refused(where + " must be a string");
            }
            String value = field.getValue().asText();
            if (name.isEmpty()) {
                throw new Refused(path + " has a label with an empty name");
            }
            if (name.length() > limits.maxLabelName()) {
                throw new Refused(path + " has a label name of " + name.length() + " characters; at most "
                        + limits.maxLabelName());
            }
            if (value.length() > limits.maxLabelValue()) {
                throw new Refused(where + " is " + value.length() + " characters long; at most "
                        + limits.maxLabelValue());
            }
            String problem = Texts.unstorable(name);
            if (problem == null) {
                problem = Texts.unstorable(value);
            }
            if (problem != null) {
                throw new Refused(where + " holds " + problem + ", which the store cannot keep");
            }
            map.put(name, value);
        }
        return map;
    }

    private SortedMap<String, String> annotations(JsonNode node, String path) throws Refused {
        SortedMap<String, String> map = new TreeMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new Refused(path + " must be an object of strings");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new Refused(path + "." + Texts.quote(field.getKey(), 64) + " must be a string");
            }
            map.put(Texts.storable(Texts.cut(field.getKey(), limits.maxLabelName())),
                    Texts.storable(Texts.cut(field.getValue().asText(), limits.maxAnnotationValue())));
        }
        return map;
    }

    private static String requiredText(JsonNode parent, String field, String path) throws Refused {
        String text = optionalText(parent, field, path + "." + field);
        if (text == null) {
            throw new Refused(path + "." + field + " is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode parent, String field, String path) throws Refused {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Refused(path + " must be a string");
        }
        return node.asText();
    }
}
