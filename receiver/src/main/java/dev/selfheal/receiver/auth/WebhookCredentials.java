package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The webhook's shared secret, from the configured value or from a file that is re-read when it
 * changes (checked at most once a {@value #RECHECK_MILLIS} ms), as Alertmanager re-reads its
 * {@code credentials_file}. The secret itself is never logged or returned.
 */
@ApplicationScoped
public class WebhookCredentials {

    private static final Logger LOG = Logger.getLogger(WebhookCredentials.class);
    static final long RECHECK_MILLIS = 200;

    private final Optional<String> fixedToken;
    private final Optional<Path> tokenFile;

    private volatile Snapshot snapshot = new Snapshot(null, null, -1, 0);

    private record Snapshot(String token, FileTime modified, long size, long checkedAtMillis) {
    }

    public WebhookCredentials(ReceiverConfig config) {
        this.fixedToken = config.webhook().token().map(String::strip).filter(t -> !t.isEmpty());
        this.tokenFile = config.webhook().tokenFile();
    }

    /** Whether any credential is configured (a token file counts even while it is unreadable). */
    public boolean configured() {
        return tokenFile.isPresent() || fixedToken.isPresent();
    }

    /** Constant-time check of a presented secret against the current token. */
    public boolean matches(String presented) {
        Optional<String> current = current();
        if (current.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(current.get()), sha256(presented));
    }

    Optional<String> current() {
        if (tokenFile.isEmpty()) {
            return fixedToken;
        }
        Snapshot s = snapshot;
        long now = System.currentTimeMillis();
        if (s.token != null && now - s.checkedAtMillis < RECHECK_MILLIS) {
            return Optional.of(s.token);
        }
        return Optional.ofNullable(reload(tokenFile.get(), s, now).token);
    }

    private synchronized Snapshot reload(Path file, Snapshot previous, long now) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (previous.token != null && modified.equals(previous.modified) && size == previous.size) {
                snapshot = new Snapshot(previous.token, modified, size, now);
            } else {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                snapshot = new Snapshot(token.isEmpty() ? null : token, modified, size, now);
                if (previous.token != null) {
                    LOG.infof("webhook token file %s changed; new token in use", file);
                }
            }
        } catch (IOException e) {
            LOG.warnf("webhook token file %s cannot be read (%s); requests are refused until it can",
                    file, e.getClass().getSimpleName());
            snapshot = new Snapshot(null, null, -1, now);
        }
        return snapshot;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
