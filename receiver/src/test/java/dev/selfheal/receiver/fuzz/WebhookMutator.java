package dev.selfheal.receiver.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutation generator over real Alertmanager webhook bodies: byte flips, truncation,
 * splices between fixtures, structural edits (wrong types, deleted keys, huge and hostile label
 * values, deep nesting, control characters, invalid UTF-8). The same seed gives the same inputs,
 * so a failure can be replayed.
 */
final class WebhookMutator {

    static final List<String> HOSTILE = List.of("../../etc/passwd", "\"} or vector(1) #", "{{ .job }}",
            "\u0000\u0001\u001b[31m", "a\nb\rc\td", "\\\"\\\\", "%00%2e%2e", "😀\ud800", "<script>alert(1)</script>",
            "' OR 1=1 --", "${jndi:ldap://x/a}");

    private final Random random;
    private final List<byte[]> seeds;

    WebhookMutator(long seed, List<String> fixtures) {
        this.random = new Random(seed);
        this.seeds = fixtures.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
    }

    byte[] next() {
        byte[] base = seeds.get(random.nextInt(seeds.size()));
        int ops = 1 + random.nextInt(3);
        byte[] out = base;
        for (int i = 0; i < ops; i++) {
            out = mutate(out);
        }
        return out;
    }

    private byte[] mutate(byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        return switch (random.nextInt(15)) {
            case 0 -> flip(in);
            case 1 -> java.util.Arrays.copyOf(in, random.nextInt(Math.max(1, in.length)));
            case 2 -> splice(in, seeds.get(random.nextInt(seeds.size())));
            case 3 -> bytes(replaceFirst(s, "\"alerts\"\\s*:", "\"alerts\": " + pick("null", "{}", "\"x\"", "7", "[[]]") + ", \"x\":"));
            case 4 -> bytes(replaceFirst(s, "\"version\"\\s*:\\s*\"4\"", "\"version\": " + pick("\"5\"", "4", "null", "[]")));
            case 5 -> bytes(replaceFirst(s, "\"startsAt\"\\s*:\\s*\"[^\"]*\"", "\"startsAt\": " + pick("\"yesterday\"", "0",
                    "\"9999-99-99T99:99:99Z\"", "null", "\"2026-11-28T03:00:00.123456789123Z\"", "\"9999-12-31T23:59:59Z\"",
                    "\"0000-01-01T00:00:00Z\"", "\"1600-01-01T00:00:00Z\"", "\"2300-01-01T00:00:00Z\"",
                    "\"2262-04-11T23:47:16.854775807Z\"", "\"1677-09-21T00:12:44Z\"")));
            case 12 -> bytes(replaceFirst(s, "\"endsAt\"\\s*:\\s*\"[^\"]*\"", "\"endsAt\": " + pick("\"9999-12-31T23:59:59Z\"",
                    "\"0001-01-01T00:00:00Z\"", "\"1600-01-01T00:00:00Z\"", "\"\"")));
            case 13 -> bytes(replaceFirst(s, "\"labels\"\\s*:\\s*\\{", "\"labels\": {\"alertname\": \"twice\", "));
            case 14 -> bytes(replaceFirst(s, "\"fingerprint\"\\s*:\\s*\"[^\"]*\"", "\"fingerprint\": " + pick("\"0123456789abcdef\"",
                    "\"\"", "\"" + "f".repeat(65) + "\"")));
            case 6 -> bytes(replaceFirst(s, "\"labels\"\\s*:\\s*\\{", "\"labels\": {\"evil\": " + json(hostile()) + ", "));
            case 7 -> bytes(replaceFirst(s, "\"labels\"\\s*:\\s*\\{", "\"labels\": {\"big\": \"" + "x".repeat(
                    1 + random.nextInt(200_000)) + "\", "));
            case 8 -> bytes(replaceFirst(s, "\"status\"\\s*:\\s*\"(firing|resolved)\"", "\"status\": " + pick("\"pending\"",
                    "1", "null", "\"FIRING\"", "{}")));
            case 9 -> bytes("[".repeat(random.nextInt(3000)) + s);
            case 10 -> bytes(replaceFirst(s, "\"labels\"\\s*:\\s*\\{[^}]*}", "\"labels\": " + pick("[]", "null", "{\"a\": 1}",
                    "{\"a\": {\"b\": \"c\"}}", "{}")));
            default -> insertInvalidUtf8(in);
        };
    }

    private String hostile() {
        return HOSTILE.get(random.nextInt(HOSTILE.size()));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String json(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private byte[] flip(byte[] in) {
        byte[] out = in.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] splice(byte[] a, byte[] b) {
        int cutA = random.nextInt(Math.max(1, a.length));
        int cutB = random.nextInt(Math.max(1, b.length));
        byte[] out = new byte[cutA + (b.length - cutB)];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    private byte[] insertInvalidUtf8(byte[] in) {
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        int at = random.nextInt(Math.max(1, in.length));
        byte[] out = new byte[in.length + bad.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(in, at, out, at + bad.length, in.length - at);
        return out;
    }

    /** The first match replaced by a literal text ($ and \\ in it mean nothing). */
    private static String replaceFirst(String s, String regex, String literal) {
        return java.util.regex.Pattern.compile(regex).matcher(s).replaceFirst(java.util.regex.Matcher.quoteReplacement(literal));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
