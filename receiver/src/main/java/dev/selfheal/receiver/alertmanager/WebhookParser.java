package dev.selfheal.receiver.alertmanager;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.RejectedAlert;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.domain.WebhookMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a webhook body into a {@link WebhookMessage}, leniently (unknown fields are ignored) but
 * strictly about what selfheal relies on, alert by alert. A fault in the envelope refuses the
 * webhook (400); a fault in one alert rejects that alert alone (a dead letter with its reason)
 * and keeps the others; a webhook whose every alert is rejected is refused, since nothing in it
 * can be stored. Every refusal names the field that is wrong.
 */
@ApplicationScoped
public class WebhookParser {

    private final ObjectReader reader;
    private final ObjectWriter escaped;
    private final AlertReader alerts;

    @Inject
    public WebhookParser(ObjectMapper mapper, ReceiverConfig config) {
        this(mapper, new IntakeLimits(config.webhook().maxLabels(), config.webhook().maxLabelNameLength(),
                config.webhook().maxLabelValueLength(), config.webhook().maxAnnotationValueLength()));
    }

    public WebhookParser(ObjectMapper mapper) {
        this(mapper, IntakeLimits.DEFAULTS);
    }

    public WebhookParser(ObjectMapper mapper, IntakeLimits limits) {
        ObjectMapper own = mapper.copy().registerModule(new SimpleModule("duplicate-keys")
                .addDeserializer(JsonNode.class, new DuplicateKeys()));
        this.reader = own.reader();
        this.escaped = own.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        this.alerts = new AlertReader(limits);
    }

    public WebhookMessage parse(byte[] body) {
        List<String> duplicates = new ArrayList<>();
        JsonNode root;
        try {
            root = reader.withAttribute(DuplicateKeys.ATTRIBUTE, duplicates).readTree(body);
        } catch (JacksonException e) {
            throw new InvalidWebhookException("body is not valid JSON: " + Texts.storable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidWebhookException("body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWebhookException("body must be a JSON object");
        }
        for (String pointer : duplicates) {
            if (!pointer.startsWith("/alerts/")) {
                throw new InvalidWebhookException("the key " + Texts.quote(pointer, 64) + " appears more than once");
            }
        }
        JsonNode version = root.get("version");
        if (version != null && !version.isNull() && !(version.isTextual() && "4".equals(version.asText()))) {
            throw new InvalidWebhookException("unsupported webhook version " + version + ": only \"4\" is accepted");
        }
        JsonNode list = root.get("alerts");
        if (list == null || list.isNull()) {
            throw new InvalidWebhookException("field 'alerts' is missing");
        }
        if (!list.isArray()) {
            throw new InvalidWebhookException("field 'alerts' must be an array");
        }
        String receiver = envelopeText(root, "receiver");
        String status = envelopeText(root, "status");
        String groupKey = envelopeText(root, "groupKey");
        String externalUrl = envelopeText(root, "externalURL");
        int truncated = truncated(root.get("truncatedAlerts"));
        List<WebhookAlert> kept = new ArrayList<>(list.size());
        List<RejectedAlert> rejected = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "alerts[" + i + "]";
            try {
                String duplicate = duplicateIn(duplicates, i);
                if (duplicate != null) {
                    throw new AlertReader.Refused(path + " holds the key " + Texts.quote(duplicate, 64)
                            + " more than once");
                }
                kept.add(alerts.read(list.get(i), path));
            } catch (AlertReader.Refused e) {
                rejected.add(new RejectedAlert(i, e.getMessage(), alertname(list.get(i)), single(root, list.get(i))));
            }
        }
        if (kept.isEmpty() && !rejected.isEmpty()) {
            RejectedAlert first = rejected.get(0);
            throw new InvalidWebhookException(rejected.size() == 1 ? first.reason()
                    : first.reason() + " (and " + (rejected.size() - 1) + " more alerts cannot be stored)");
        }
        return new WebhookMessage(receiver, status, groupKey, externalUrl, truncated, List.copyOf(kept),
                List.copyOf(rejected));
    }

    private static String duplicateIn(List<String> duplicates, int index) {
        String prefix = "/alerts/" + index + "/";
        for (String pointer : duplicates) {
            if (pointer.startsWith(prefix)) {
                return pointer.substring(prefix.length());
            }
        }
        return null;
    }

    /** A webhook of its own for one rejected alert: the envelope and the alert, ASCII-escaped. */
    private byte[] single(JsonNode root, JsonNode alert) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        root.fields().forEachRemaining(field -> {
            if (!"alerts".equals(field.getKey()) && !"truncatedAlerts".equals(field.getKey())) {
                envelope.set(field.getKey(), field.getValue());
            }
        });
        envelope.putArray("alerts").add(alert);
        try {
            return escaped.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    private static String alertname(JsonNode alert) {
        JsonNode name = alert.path("labels").path("alertname");
        return name.isTextual() ? Texts.storable(Texts.cut(name.asText(), 256)) : "";
    }

    private static String envelopeText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidWebhookException(field + " must be a string");
        }
        return Texts.storable(node.asText());
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
}
