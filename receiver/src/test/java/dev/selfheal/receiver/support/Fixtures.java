package dev.selfheal.receiver.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.alertmanager.AlertmanagerFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real webhook bodies captured from Alertmanager 0.25 (copied from shared/fixtures). */
public final class Fixtures {

    private static final Pattern FINGERPRINT = Pattern.compile("\"fingerprint\": \"([0-9a-f]+)\"");
    private static final Pattern LABELS = Pattern.compile("\"labels\": \\{");

    private Fixtures() {
    }

    public static String webhook(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/alertmanager-0.25/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The label every salted alert carries, so that each test owns its episodes. */
    public static final String SALT_LABEL = "salt";

    /**
     * The fixture with a label {@code salt="<salt>"} added to every alert and each fingerprint
     * recomputed as Alertmanager would (the hash of the labels), so that each test owns its
     * episodes. The text keeps its shape otherwise.
     */
    public static String webhook(String name, String salt) {
        String body = webhook(name);
        JsonNode alerts;
        try {
            alerts = new ObjectMapper().readTree(body).get("alerts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> fingerprints = new ArrayList<>();
        for (JsonNode alert : alerts) {
            SortedMap<String, String> labels = new TreeMap<>();
            alert.get("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            labels.put(SALT_LABEL, salt);
            fingerprints.add(AlertmanagerFingerprint.of(labels));
        }
        body = LABELS.matcher(body).replaceAll("\"labels\": {\"" + SALT_LABEL + "\": \"" + salt + "\", ");
        Matcher m = FINGERPRINT.matcher(body);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(out, "\"fingerprint\": \"" + fingerprints.get(i++) + "\"");
        }
        m.appendTail(out);
        return out.toString();
    }

    public static List<String> names() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/alertmanager-0.25/INDEX.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).map(l -> l.split("\\s+")[0]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
