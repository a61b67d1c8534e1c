package dev.selfheal.receiver.scorer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: which scorer replica owns a series, and who stands
 * in after it. Every replica gets a weight for the key, a stable 64-bit hash of replica and key;
 * the heaviest owns it, the next stands in. The order depends on the key and the set of replicas
 * only (not on the list's order), and removing a replica moves only the keys it owned, each to
 * its own next replica. Thaler and Ravishankar, "Using name-based mappings to increase hit rates"
 * (1998); https://en.wikipedia.org/wiki/Rendezvous_hashing.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /**
     * A series as the receiver knows it: the rendered confirm query and its step. The scorer keeps
     * one state per series of the query's answer at that step, so this is the unit that stays on one replica.
     */
    public static String key(String query, Duration step) {
        return query + "\n" + step.toSeconds();
    }

    /** The replicas for the key, owner first, then the stand-ins in the order they step in. */
    public static List<String> order(String key, Collection<String> replicas) {
        return replicas.stream().distinct()
                .sorted(Comparator.comparingLong((String r) -> weight(r, key)).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The owner of the key among the replicas. */
    public static String owner(String key, Collection<String> replicas) {
        return order(key, replicas).get(0);
    }

    /** The replica's weight for the key: the first 8 bytes of SHA-256(replica, NUL, key), unsigned order kept by a flip. */
    static long weight(String replica, String key) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha.update(replica.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(key.getBytes(StandardCharsets.UTF_8));
        // compared as signed longs: flipping the sign bit orders them as the unsigned hashes
        return ByteBuffer.wrap(sha.digest(), 0, 8).getLong() ^ Long.MIN_VALUE;
    }
}
