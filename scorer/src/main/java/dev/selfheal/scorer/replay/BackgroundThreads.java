package dev.selfheal.scorer.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Threads for the background work: on Linux each lowers its own CPU priority as it starts, so the
 * threads answering requests come first when cores are short. {@link Priority#LOWER} (replaying
 * points: a request may wait for it) is nice {@value #NICE}; {@link Priority#IDLE} (training) is
 * Linux's idle class, which runs only on CPU time nothing else wants, so a training never holds up
 * a score. Java's thread priorities are ignored on Linux without root, so this asks {@code renice}
 * and {@code chrt} for the thread's own id; where they are missing the thread runs at normal
 * priority (said once in the log).
 */
final class BackgroundThreads implements ThreadFactory {

    enum Priority { LOWER, IDLE }


    private static final Logger LOG = Logger.getLogger(BackgroundThreads.class);
    static final int NICE = 10;
    private static volatile boolean warned;

    private final String name;
    private final Priority priority;

    BackgroundThreads(String name, Priority priority) {
        this.name = name;
        this.priority = priority;
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread t = new Thread(() -> {
            lowerOwnPriority(priority);
            work.run();
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Lowers the calling thread's priority; true when it was. */
    static boolean lowerOwnPriority(Priority priority) {
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                return false;
            }
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            boolean niced = run("renice", "-n", String.valueOf(NICE), "-p", tid);
            return priority == Priority.IDLE ? run("chrt", "--idle", "-p", "0", tid) : niced;
        } catch (Exception e) {
            warn(e.toString());
        }
        return false;
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
            return true;
        }
        p.destroyForcibly();
        warn(command[0] + " answered " + (p.isAlive() ? "nothing" : p.exitValue()));
        return false;
    }

    private static void warn(String why) {
        if (!warned) {
            warned = true;
            LOG.infof("background threads run at normal priority (renice: %s)", why);
        }
    }
}
