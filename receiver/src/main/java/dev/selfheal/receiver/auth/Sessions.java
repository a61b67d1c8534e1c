package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The console's login sessions as signed cookies (HMAC-SHA256 with {@code SELFHEAL_CONSOLE_SESSION_KEY}):
 * {@code name.expiry.nonce.signature}, nothing kept on the server, so every replica with the same
 * key accepts them. A session ends at its expiry ({@code selfheal.console.session-ttl}), at logout
 * (the cookie is cleared), or when the operators file no longer names the person; the role is read
 * from the file at each request. The CSRF token of a form is an HMAC of the session, checked on
 * every POST.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    public static final String COOKIE = "selfheal_session";

    private final HmacKey key;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(ReceiverConfig config, Clock clock) {
        this.key = new HmacKey(new SecretSource("console session key", config.console().sessionKey(),
                config.console().sessionKeyFile()));
        this.ttl = config.console().sessionTtl();
        this.clock = clock;
        if (!key.configured()) {
            LOG.info("no SELFHEAL_CONSOLE_SESSION_KEY: console sessions are signed with a key of this process "
                    + "(they end at a restart and do not carry over to another replica)");
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** A new session's cookie value for this person. */
    public String open(String name) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        String body = b64(name.getBytes(StandardCharsets.UTF_8)) + "." + clock.instant().plus(ttl).getEpochSecond()
                + "." + b64(nonce);
        return body + "." + b64(hmac("session:" + body));
    }

    /** The name in a valid, unexpired session cookie. */
    public Optional<String> name(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int last = cookie.lastIndexOf('.');
        if (last < 0) {
            return Optional.empty();
        }
        String body = cookie.substring(0, last);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(cookie.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, hmac("session:" + body))) {
            return Optional.empty();
        }
        String[] parts = body.split("\\.");
        try {
            if (parts.length != 3 || !Instant.ofEpochSecond(Long.parseLong(parts[1])).isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token the session's forms carry. */
    public String csrf(String cookie) {
        return b64(hmac("csrf:" + cookie));
    }

    public boolean csrfMatches(String cookie, String presented) {
        return cookie != null && presented != null && MessageDigest.isEqual(
                csrf(cookie).getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(String text) {
        return key.sign(text);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
