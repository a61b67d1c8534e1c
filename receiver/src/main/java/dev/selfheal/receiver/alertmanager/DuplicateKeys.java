package dev.selfheal.receiver.alertmanager;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads JSON trees as usual, but notes every key that an object holds twice (as a JSON pointer,
 * such as {@code /alerts/3/labels/job}) in the list passed as the read's {@link #ATTRIBUTE}.
 * JSON leaves a repeated key's meaning open; for a label it would silently pick one identity.
 */
final class DuplicateKeys extends JsonNodeDeserializer {

    static final String ATTRIBUTE = "selfheal.duplicate-keys";

    @Override
    protected void _handleDuplicateField(JsonParser p, DeserializationContext ctxt, JsonNodeFactory nodeFactory,
                                         String fieldName, ObjectNode objectNode, JsonNode oldValue,
                                         JsonNode newValue) {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ctxt.getAttribute(ATTRIBUTE);
        if (found != null) {
            found.add(p.getParsingContext().pathAsPointer().toString());
        }
    }
}
