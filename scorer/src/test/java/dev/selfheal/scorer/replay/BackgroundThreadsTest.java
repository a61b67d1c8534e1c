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

    /** The calling thread's nice value and scheduling policy, from /proc (fields 19 and 41 of its stat line). */
    private static int[] own() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new int[] {Integer.parseInt(fields[16]), Integer.parseInt(fields[38])};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] onA(BackgroundThreads.Priority priority) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(new BackgroundThreads("test-" + priority, priority));
        try {
            return CompletableFuture.supplyAsync(BackgroundThreadsTest::own, pool).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backgroundThreadsRunBelowTheThreadsThatAnswer() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        int[] mine = own();
        int[] replay = onA(BackgroundThreads.Priority.LOWER);
        assertThat(replay[0]).as("a replay thread's nice value").isGreaterThan(mine[0]);
        assertThat(replay[1]).as("still the normal class").isEqualTo(mine[1]);
        int[] training = onA(BackgroundThreads.Priority.IDLE);
        assertThat(training[1]).as("a training thread is in SCHED_IDLE (5)").isEqualTo(5);
        assertThat(own()).as("the caller's own priority is untouched").containsExactly(mine);
    }
}
