package dev.selfheal.receiver.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real webhook bodies captured from Alertmanager 0.25 (copied from shared/fixtures). */
public final class Fixtures {

    private static final Pattern FINGERPRINT = Pattern.compile("\"fingerprint\": \"([0-9a-f]+)\"");

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

    /** The fixture with every fingerprint suffixed, so that each test owns its episodes. */
    public static String webhook(String name, String salt) {
        Matcher m = FINGERPRINT.matcher(webhook(name));
        return m.replaceAll("\"fingerprint\": \"$1-" + salt + "\"");
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
