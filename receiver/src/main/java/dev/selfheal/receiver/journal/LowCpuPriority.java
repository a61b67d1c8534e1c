package dev.selfheal.receiver.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Lowers the calling thread's CPU priority to nice 19 (Linux: {@code renice} on the thread's own
 * id; lowering needs no privilege). The journal drain runs so: when webhooks and the drain want
 * the same cores, accepting comes first and the drain takes what is left, catching up when the
 * burst is over (the journal's backlog limit bounds how far behind it can fall). Best effort:
 * elsewhere it does nothing.
 */
final class LowCpuPriority {

    private static final Logger LOG = Logger.getLogger(LowCpuPriority.class);

    private LowCpuPriority() {
    }

    /** True when the thread now runs at nice 19. */
    static boolean applyToCurrentThread() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            String tid = self.getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", "19", "-p", tid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ok = renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0;
            LOG.debugf("thread %s (%s) at nice 19: %s", Thread.currentThread().getName(), tid, ok);
            return ok;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("CPU priority unchanged (%s)", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
