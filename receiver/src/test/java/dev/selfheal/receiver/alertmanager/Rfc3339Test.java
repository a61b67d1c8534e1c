package dev.selfheal.receiver.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp parser gives exactly what OffsetDateTime.parse gives, refusals included. */
class Rfc3339Test {

    private static String reference(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static String fast(String text) {
        try {
            Instant instant = Rfc3339.parse(text);
            return instant.toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    @Test
    void alertmanagersOwnShapesAndTheirEdges() {
        for (String text : List.of("2026-11-28T22:30:13.687Z", "2026-11-28T22:30:13.687654321Z", "0001-01-01T00:00:00Z",
                "2026-11-28T22:30:13Z", "2026-11-28T23:30:13.5+01:00", "2026-11-28T22:30:13-07:30", "2024-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T23:59:60Z", "2026-13-01T00:00:00Z",
                "2026-11-28T22:30:13.Z", "2026-11-28T22:30:13.1234567890Z", "2026-11-28T22:30:13+18:00",
                "2026-11-28T22:30:13+18:01", "2026-11-28T22:30:13+05:60", "2026-11-28T22:30:13-00:00",
                "2026-11-28t22:30:13z", "2026-11-28T22:30:13+0100", "2026-11-28T22:30:13+01:00:30", "+12026-11-28T22:30:13Z",
                "2026-11-28 22:30:13Z", "2026-11-28T22:30:13", "yesterday", "", "2026-1-28T22:30:13Z",
                "2026-11-28T22:30:1xZ", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00")) {
            assertThat(fast(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void agreesWithTheReferenceOnMutatedTimestamps() {
        Random random = new Random(7);
        String alphabet = "0123456789-:T.Z+z ";
        String[] seeds = {"2026-11-28T22:30:13.687654321Z", "2026-11-28T23:30:13.5+01:00", "2026-02-28T23:59:59Z"};
        int refusedSeen = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = b.toString();
            String expected = reference(text);
            refusedSeen += expected.equals("refused") ? 1 : 0;
            assertThat(fast(text)).as(text).isEqualTo(expected);
        }
        assertThat(refusedSeen).isBetween(10_000, 190_000); // both sides of the line were exercised
    }
}
