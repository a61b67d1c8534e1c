package dev.selfheal.scorer.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Threads for the background work (replaying points, training): on Linux each lowers its own CPU
 * priority (nice {@value #NICE}) as it starts, so the threads answering requests come first when
 * cores are short and a training never holds up a score. Java's thread priorities are ignored on
 * Linux without root, so this asks {@code renice} for the thread's own id; where that is missing
 * the thread runs at normal priority (said once in the log).
 */
final class BackgroundThreads implements ThreadFactory {

    private static final Logger LOG = Logger.getLogger(BackgroundThreads.class);
    static final int NICE = 10;
    private static volatile boolean warned;

    private final String name;

    BackgroundThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread t = new Thread(() -> {
            lowerOwnPriority();
            work.run();
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Renices the calling thread; true when it was. */
    static boolean lowerOwnPriority() {
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                return false;
            }
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            warn("renice answered " + (p.isAlive() ? "nothing" : p.exitValue()));
        } catch (Exception e) {
            warn(e.toString());
        }
        return false;
    }

    private static void warn(String why) {
        if (!warned) {
            warned = true;
            LOG.infof("background threads run at normal priority (renice: %s)", why);
        }
    }
}
