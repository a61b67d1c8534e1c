package dev.selfheal.receiver.alertmanager;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * Alertmanager's label-set fingerprint (prometheus/common {@code model.LabelSet.Fingerprint}):
 * FNV-1a 64 over the sorted label names and values, each followed by the byte 0xFF. Used when a
 * hand-posted test alert carries no fingerprint, so that it keys the same episode as Alertmanager would.
 */
public final class AlertmanagerFingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xFF;

    private AlertmanagerFingerprint() {
    }

    public static String of(SortedMap<String, String> labels) {
        if (labels.isEmpty()) {
            return String.format("%016x", OFFSET);
        }
        long hash = OFFSET;
        for (var entry : labels.entrySet()) {
            hash = add(hash, entry.getKey());
            hash = addByte(hash, SEPARATOR);
            hash = add(hash, entry.getValue());
            hash = addByte(hash, SEPARATOR);
        }
        return String.format("%016x", hash);
    }

    /** The text's UTF-8 bytes into the hash (ASCII without encoding: every alert passes here). */
    private static long add(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                    hash = addByte(hash, b);
                }
                return hash;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            hash = addByte(hash, (byte) text.charAt(i));
        }
        return hash;
    }

    private static long addByte(long hash, byte b) {
        return (hash ^ (b & 0xFF)) * PRIME;
    }
}
