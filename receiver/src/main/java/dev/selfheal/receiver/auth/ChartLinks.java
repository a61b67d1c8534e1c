package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signed, expiring links to an episode's chart image, for PagerDuty, which fetches images without
 * our credentials: {@code /console/charts/{id}.png?exp=<epoch s>&sig=<HMAC-SHA256 of id.exp>} with
 * the key {@code SELFHEAL_CONSOLE_IMAGE_KEY} (or {@code _FILE}; without it, one of this process,
 * so links die at a restart). A link opens that one chart and nothing else.
 */
@ApplicationScoped
public class ChartLinks {

    private static final Logger LOG = Logger.getLogger(ChartLinks.class);

    private final HmacKey key;
    private final Duration ttl;
    private final Clock clock;
    private final Optional<String> publicUrl;

    @Inject
    public ChartLinks(ReceiverConfig config, Clock clock) {
        this(new SecretSource("console image key", config.console().imageKey(), config.console().imageKeyFile()),
                config.console().imageTtl(), clock, config.pagerduty().publicUrl());
    }

    ChartLinks(SecretSource key, Duration ttl, Clock clock) {
        this(key, ttl, clock, Optional.empty());
    }

    ChartLinks(SecretSource key, Duration ttl, Clock clock, Optional<String> publicUrl) {
        this.publicUrl = publicUrl.map(u -> u.strip().replaceAll("/+$", "")).filter(u -> !u.isEmpty());
        this.key = new HmacKey(key);
        this.ttl = ttl;
        this.clock = clock;
        if (!key.configured()) {
            LOG.debug("no SELFHEAL_CONSOLE_IMAGE_KEY: chart links are signed with a key of this process");
        }
    }

    /** The path and query of the chart of this episode, valid for {@code selfheal.console.image-ttl}. */
    public String path(long episodeId) {
        long exp = clock.instant().plus(ttl).getEpochSecond();
        return "/console/charts/" + episodeId + ".png?exp=" + exp + "&sig=" + sign(episodeId, exp);
    }

    /** Where humans reach the receiver ({@code SELFHEAL_PAGERDUTY_PUBLIC_URL}, no trailing slash), when set. */
    public Optional<String> publicBase() {
        return publicUrl;
    }

    /** The console's page of an episode, when the public URL is set. */
    public Optional<String> episodeUrl(long episodeId) {
        return publicUrl.map(base -> base + "/episodes/" + episodeId);
    }

    /** The signed chart image of an episode, when the public URL is https (PagerDuty and Slack show https images only). */
    public Optional<String> imageUrl(long episodeId) {
        return publicUrl.filter(base -> base.startsWith("https://")).map(base -> base + path(episodeId));
    }

    /** Whether the signature is this episode's and the link has not expired. */
    public boolean valid(long episodeId, long exp, String sig) {
        if (sig == null || !Instant.ofEpochSecond(exp).isAfter(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(sign(episodeId, exp).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(long episodeId, long exp) {
        return HexFormat.of().formatHex(key.sign(episodeId + "." + exp));
    }
}
