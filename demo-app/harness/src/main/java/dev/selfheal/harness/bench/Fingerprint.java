package dev.selfheal.harness.bench;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * Alertmanager's label-set fingerprint (FNV-1a 64 over the sorted names and values, each followed
 * by 0xFF), so that the bench's webhooks carry the fingerprint Alertmanager would send and the
 * receiver checks.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(SortedMap<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        for (var e : labels.entrySet()) {
            for (String part : new String[] {e.getKey(), e.getValue()}) {
                for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                    hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
                }
                hash = (hash ^ 0xFF) * 0x100000001b3L;
            }
        }
        return String.format("%016x", hash);
    }
}
