package dev.selfheal.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

    /** The nice value of the calling thread, from /proc (field 19 of its stat line). */
    private static int ownNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aBackgroundThreadRunsAtALowerPriorityThanTheThreadsThatAnswer() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        int mine = ownNice();
        ExecutorService pool = Executors.newSingleThreadExecutor(new BackgroundThreads("test-background"));
        try {
            int theirs = CompletableFuture.supplyAsync(() -> {
                try {
                    return ownNice();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool).get(10, TimeUnit.SECONDS);
            assertThat(theirs).as("lowered").isGreaterThan(mine);
            assertThat(ownNice()).as("the caller's own priority is untouched").isEqualTo(mine);
        } finally {
            pool.shutdownNow();
        }
    }
}
