package dev.selfheal.scorer.auth;

import dev.selfheal.scorer.config.ScorerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API's bearer token: {@code SELFHEAL_SCORER_TOKEN}, or the file {@code SELFHEAL_SCORER_TOKEN_FILE}
 * re-read when it changes (checked at most every 200 ms), so a rotated Secret takes effect without
 * a restart. Compared in constant time; never logged or returned.
 */
@ApplicationScoped
public class ScorerToken {

    private static final Logger LOG = Logger.getLogger(ScorerToken.class);
    private static final long RECHECK_MILLIS = 200;

    private final Optional<String> fixed;
    private final Optional<Path> file;
    private volatile Read last = new Read(null, null, -1, 0);

    private record Read(byte[] digest, FileTime modified, long size, long atMillis) {
    }

    public ScorerToken(ScorerConfig config) {
        this.fixed = config.scorerToken().map(String::strip).filter(t -> !t.isEmpty());
        this.file = config.scorerTokenFile();
    }

    /** Whether a token is configured (a file counts even while it cannot be read). */
    public boolean configured() {
        return fixed.isPresent() || file.isPresent();
    }

    /** Whether the presented bearer value is the token. */
    public boolean matches(String presented) {
        byte[] expected = current();
        return expected != null && presented != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    /** The token's digest now; null when there is none (an empty or unreadable file). */
    byte[] current() {
        if (file.isEmpty()) {
            return fixed.map(ScorerToken::sha256).orElse(null);
        }
        Read r = last;
        long now = System.currentTimeMillis();
        return r.digest != null && now - r.atMillis < RECHECK_MILLIS ? r.digest : reload(file.get(), r, now).digest;
    }

    private synchronized Read reload(Path path, Read previous, long now) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (previous.digest != null && modified.equals(previous.modified) && size == previous.size) {
                last = new Read(previous.digest, modified, size, now);
            } else {
                String token = Files.readString(path, StandardCharsets.UTF_8).strip();
                last = new Read(token.isEmpty() ? null : sha256(token), modified, size, now);
                if (previous.digest != null) {
                    LOG.infof("scorer token file %s changed; the new token is in use", path);
                }
            }
        } catch (IOException e) {
            LOG.warnf("scorer token file %s cannot be read (%s); API requests are refused until it can", path,
                    e.getClass().getSimpleName());
            last = new Read(null, null, -1, now);
        }
        return last;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
