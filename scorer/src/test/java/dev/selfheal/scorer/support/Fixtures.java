package dev.selfheal.scorer.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real Prometheus 2.42 answers (copied from shared/fixtures). */
public final class Fixtures {

    private Fixtures() {
    }

    public static String prometheus(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/prometheus-2.42/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
