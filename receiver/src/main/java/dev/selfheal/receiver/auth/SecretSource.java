package dev.selfheal.receiver.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A shared secret from a configured value or from a file that is re-read when it changes (checked
 * at most once a {@value #RECHECK_MILLIS} ms), as Alertmanager re-reads its {@code credentials_file}
 * and a mounted Kubernetes Secret is updated in place. The secret itself is never logged.
 */
public final class SecretSource {

    private static final Logger LOG = Logger.getLogger(SecretSource.class);
    static final long RECHECK_MILLIS = 200;

    private final String what;
    private final Optional<String> fixed;
    private final Optional<Path> file;
    private volatile Snapshot snapshot = new Snapshot(null, null, -1, 0);

    private record Snapshot(String secret, FileTime modified, long size, long checkedAtMillis) {
    }

    /** @param what what the secret is, for the log ("webhook token") */
    public SecretSource(String what, Optional<String> fixed, Optional<Path> file) {
        this.what = what;
        this.fixed = fixed.map(String::strip).filter(t -> !t.isEmpty());
        this.file = file;
    }

    /** Whether any secret is configured (a file counts even while it is unreadable). */
    public boolean configured() {
        return file.isPresent() || fixed.isPresent();
    }

    /** The secret now: the fixed value, or the file's content; empty when the file is empty or unreadable. */
    public Optional<String> current() {
        if (file.isEmpty()) {
            return fixed;
        }
        Snapshot s = snapshot;
        long now = System.currentTimeMillis();
        if (s.secret != null && now - s.checkedAtMillis < RECHECK_MILLIS) {
            return Optional.of(s.secret);
        }
        return Optional.ofNullable(reload(file.get(), s, now).secret);
    }

    private synchronized Snapshot reload(Path path, Snapshot previous, long now) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (previous.secret != null && modified.equals(previous.modified) && size == previous.size) {
                snapshot = new Snapshot(previous.secret, modified, size, now);
            } else {
                String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
                snapshot = new Snapshot(secret.isEmpty() ? null : secret, modified, size, now);
                if (previous.secret != null) {
                    LOG.infof("%s file %s changed; the new one is in use", what, path);
                }
            }
        } catch (IOException e) {
            LOG.warnf("%s file %s cannot be read (%s)", what, path, e.getClass().getSimpleName());
            snapshot = new Snapshot(null, null, -1, now);
        }
        return snapshot;
    }
}
