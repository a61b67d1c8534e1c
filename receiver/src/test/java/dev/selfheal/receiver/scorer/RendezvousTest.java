package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rendezvous hashing: stable owners, minimal movement, an even spread. */
class RendezvousTest {

    static final List<String> THREE = List.of("http://10.0.0.1:8081", "http://10.0.0.2:8081", "http://10.0.0.3:8081");
    static final List<String> KEYS = IntStream.range(0, 3000)
            .mapToObj(i -> Rendezvous.key("sum(rate(http_errors_total{deployment=\"d" + i + "\"}[5m]))",
                    Duration.ofSeconds(i % 2 == 0 ? 15 : 60)))
            .toList();

    @Test
    void theKeyIsTheQueryAndItsStepInSeconds() {
        assertThat(Rendezvous.key("up", Duration.ofSeconds(15))).isEqualTo("up\n15");
        assertThat(Rendezvous.key("up", Duration.ofSeconds(15))).isNotEqualTo(Rendezvous.key("up", Duration.ofSeconds(30)));
    }

    @Test
    void theSameKeyHasTheSameOwnerWhateverTheListsOrder() {
        Random random = new Random(31);
        for (String key : KEYS.subList(0, 300)) {
            List<String> expected = Rendezvous.order(key, THREE);
            List<String> shuffled = new ArrayList<>(THREE);
            Collections.shuffle(shuffled, random);
            assertThat(Rendezvous.order(key, shuffled)).isEqualTo(expected);
            assertThat(Rendezvous.owner(key, shuffled)).isEqualTo(expected.get(0));
        }
    }

    @Test
    void theWeightIsAStableHashNotTheJvmsHashCode() {
        // pinned: a receiver of another version (or another JVM) must route the same series to the same replica
        assertThat(Rendezvous.order("up\n15", THREE)).containsExactly(expectedOrderOfUp());
        assertThat(Rendezvous.weight("a", "b")).isEqualTo(Rendezvous.weight("a", "b"))
                .isNotEqualTo(Rendezvous.weight("b", "a"));
    }

    private static String[] expectedOrderOfUp() {
        List<String> byWeight = new ArrayList<>(THREE);
        byWeight.sort((a, b) -> Long.compareUnsigned(sha8(b + "\0up\n15"), sha8(a + "\0up\n15")));
        return byWeight.toArray(String[]::new);
    }

    private static long sha8(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void removingAReplicaMovesOnlyTheKeysItOwnedEachToItsNextReplica() {
        String gone = THREE.get(1);
        List<String> two = List.of(THREE.get(0), THREE.get(2));
        int moved = 0;
        for (String key : KEYS) {
            List<String> before = Rendezvous.order(key, THREE);
            String after = Rendezvous.owner(key, two);
            if (before.get(0).equals(gone)) {
                assertThat(after).as(key).isEqualTo(before.get(1));
                moved++;
            } else {
                assertThat(after).as(key).isEqualTo(before.get(0));
            }
        }
        assertThat(moved).isBetween(800, 1200);
    }

    @Test
    void addingAReplicaTakesKeysOnlyForItself() {
        List<String> four = new ArrayList<>(THREE);
        four.add("http://10.0.0.4:8081");
        for (String key : KEYS) {
            String after = Rendezvous.owner(key, four);
            assertThat(after).isIn(Rendezvous.owner(key, THREE), "http://10.0.0.4:8081");
        }
    }

    @Test
    void threeThousandKeysSpreadRoughlyEvenlyOverThreeReplicas() {
        Map<String, Integer> owned = new HashMap<>();
        KEYS.forEach(k -> owned.merge(Rendezvous.owner(k, THREE), 1, Integer::sum));
        assertThat(owned).containsOnlyKeys(THREE);
        // 1000 each expected; binomial sd is about 26, so 900..1100 is far outside chance
        assertThat(owned.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1100));
    }
}
