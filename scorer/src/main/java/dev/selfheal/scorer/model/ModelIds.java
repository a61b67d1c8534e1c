package dev.selfheal.scorer.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A series' model id: the first 16 hex digits of SHA-256 over the query and the sorted labels. */
public final class ModelIds {

    private ModelIds() {
    }

    public static String of(String query, Map<String, String> labels) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((query == null ? "" : query).getBytes(StandardCharsets.UTF_8));
            for (var e : new TreeMap<>(labels).entrySet()) {
                digest.update((byte) 0);
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '=');
                digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
