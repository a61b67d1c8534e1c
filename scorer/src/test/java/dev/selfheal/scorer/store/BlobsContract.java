package dev.selfheal.scorer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Blobs} does, run against each store ({@code FileBlobsTest},
 * {@code PostgresBlobsTest}). Series carry a random prefix, so runs sharing a database keep apart.
 */
public abstract class BlobsContract {

    private final List<String> used = new ArrayList<>();

    protected abstract Blobs blobs();

    /** A prefix of this test's own. */
    protected abstract String prefix();

    private String series(String name) {
        String s = prefix() + "-" + name;
        used.add(s);
        return s;
    }

    @AfterEach
    void deleteWhatThisTestWrote() throws IOException {
        for (String s : used) {
            for (String n : blobs().names(s)) {
                blobs().delete(s, n);
            }
        }
    }

    /** A blob of a generation: the generation, then a payload that tells it (to catch a torn read). */
    static byte[] blob(long generation, int payload) {
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES + payload).putLong(generation);
        while (b.hasRemaining()) {
            b.put((byte) (generation % 251));
        }
        return b.array();
    }

    static long generationOf(byte[] blob) {
        return ByteBuffer.wrap(blob).getLong();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetAndReplace() throws IOException {
        String s = series("a");
        assertThat(blobs().get(s, "series.json")).isEmpty();
        blobs().put(s, "series.json", utf8("{\"one\":1}"));
        assertThat(blobs().get(s, "series.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("{\"one\":1}")));
        blobs().put(s, "series.json", utf8("{}"));
        assertThat(blobs().get(s, "series.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("{}")));
        blobs().put(s, "empty", new byte[0]);
        assertThat(blobs().get(s, "empty")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void putIfNewerKeepsTheNewer() throws IOException {
        String s = series("a");
        assertThat(blobs().putIfNewer(s, "state", 5, blob(5, 16))).isTrue();
        assertThat(blobs().putIfNewer(s, "state", 5, blob(5, 32))).as("same generation").isFalse();
        assertThat(blobs().putIfNewer(s, "state", 4, blob(4, 16))).as("older").isFalse();
        assertThat(blobs().get(s, "state")).hasValueSatisfying(b -> assertThat(b).isEqualTo(blob(5, 16)));
        assertThat(blobs().putIfNewer(s, "state", 6, blob(6, 8))).isTrue();
        assertThat(blobs().get(s, "state")).hasValueSatisfying(b -> assertThat(b).isEqualTo(blob(6, 8)));
    }

    @Test
    void aBlobWrittenWithAGenerationBeginsWithIt() {
        String s = series("a");
        assertThatThrownBy(() -> blobs().putIfNewer(s, "state", 7, blob(8, 16)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs().putIfNewer(s, "state", 7, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlainPutCountsByTheGenerationItBeginsWith() throws IOException {
        String s = series("a");
        blobs().put(s, "state", blob(500, 8));
        assertThat(blobs().putIfNewer(s, "state", 10, blob(10, 8))).isFalse();
        assertThat(blobs().putIfNewer(s, "state", 501, blob(501, 8))).isTrue();
        blobs().put(s, "short", new byte[] {1, 2});
        assertThat(blobs().putIfNewer(s, "short", 1, blob(1, 0))).as("shorter than a generation").isTrue();
    }

    @Test
    void namesDeleteAndAll() throws IOException {
        String one = series("one");
        String two = series("two");
        blobs().put(one, "v1", utf8("model"));
        blobs().put(one, "series.json", utf8("{}"));
        blobs().putIfNewer(one, "state", 1, blob(1, 4));
        blobs().putIfNewer(two, "state", 9, blob(9, 4));

        assertThat(blobs().names(one)).containsExactly("series.json", "state", "v1");
        assertThat(blobs().names(two)).containsExactly("state");
        assertThat(blobs().names(series("none"))).isEmpty();
        assertThat(ours(blobs().all("state"))).containsOnlyKeys(one, two);
        assertThat(generationOf(blobs().all("state").get(two))).isEqualTo(9);
        assertThat(ours(blobs().all("v1"))).containsOnlyKeys(one);

        blobs().delete(one, "v1");
        blobs().delete(one, "v1");
        blobs().delete(two, "state");
        assertThat(blobs().get(one, "v1")).isEmpty();
        assertThat(blobs().names(one)).containsExactly("series.json", "state");
        assertThat(blobs().names(two)).isEmpty();
        assertThat(ours(blobs().all("state"))).containsOnlyKeys(one);
        assertThat(ours(blobs().all("v1"))).isEmpty();
    }

    private Map<String, byte[]> ours(Map<String, byte[]> all) {
        return all.entrySet().stream().filter(e -> e.getKey().startsWith(prefix() + "-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void namesThatAreNotSafeAreRefused() {
        String s = series("a");
        for (String name : List.of("../x", ".hidden", "a/b", "", "x".repeat(101))) {
            assertThatThrownBy(() -> blobs().put(s, name, new byte[1])).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> blobs().get("../etc", "passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Two writers save generations 1..200 interleaved (one the odd, one the even) while a reader
     * reads: the newest stays, and the reader only ever sees whole blobs, never an older one after
     * a newer.
     */
    @Test
    void concurrentWritersKeepTheNewestAndReadersSeeWholeBlobs() throws Exception {
        String s = series("race");
        int payload = 64 * 1024;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int first : new int[] {1, 2}) {
                writers.add(pool.submit(() -> {
                    start.await();
                    int written = 0;
                    for (long g = first; g <= 200; g += 2) {
                        written += blobs().putIfNewer(s, "state", g, blob(g, payload)) ? 1 : 0;
                    }
                    return written;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                long last = 0;
                int reads = 0;
                while (writing.get() || reads == 0) {
                    Optional<byte[]> b = blobs().get(s, "state");
                    if (b.isPresent()) {
                        long g = generationOf(b.get());
                        assertThat(b.get()).as("a whole blob of generation %d", g).isEqualTo(blob(g, payload));
                        assertThat(g).as("generations read never go back").isGreaterThanOrEqualTo(last);
                        last = g;
                    }
                    reads++;
                }
                return reads;
            });
            start.countDown();
            int written = 0;
            for (Future<Integer> w : writers) {
                written += w.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(written).isBetween(1, 200);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        byte[] stored = blobs().get(s, "state").orElseThrow();
        assertThat(generationOf(stored)).isEqualTo(200);
        assertThat(Arrays.equals(stored, blob(200, payload))).isTrue();
    }
}
