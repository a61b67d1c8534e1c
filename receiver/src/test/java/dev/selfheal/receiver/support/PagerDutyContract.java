package dev.selfheal.receiver.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PagerDuty's Events v2 contract as JSON Schemas (written from its published OpenAPI file), plus
 * the body size limit: every request the receiver sends is checked against it.
 */
public final class PagerDutyContract {

    public static final int MAX_BODY_BYTES = 512 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Schema ENQUEUE = load("/pagerduty/events-v2-enqueue.schema.json");
    private static final Schema CHANGE = load("/pagerduty/change-events.schema.json");

    private PagerDutyContract() {
    }

    private static Schema load(String resource) {
        try (InputStream in = PagerDutyContract.class.getResourceAsStream(resource)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with a body sent to {@code path} (/v2/enqueue or /v2/change/enqueue); empty when nothing. */
    public static List<String> violations(String path, String body) {
        List<String> problems = new ArrayList<>();
        if (body.getBytes(StandardCharsets.UTF_8).length >= MAX_BODY_BYTES) {
            problems.add("the body is over 512 KB");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            problems.add("not JSON: " + e.getMessage());
            return problems;
        }
        Schema schema = path.endsWith("/change/enqueue") ? CHANGE : ENQUEUE;
        schema.validate(node).forEach(e -> problems.add(e.toString()));
        return problems;
    }
}
