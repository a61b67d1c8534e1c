package dev.selfheal.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A chart link opens its own episode's chart until it expires, and only with the key that signed it. */
class ChartLinksTest {

    private static final Pattern LINK = Pattern.compile("/console/charts/(\\d+)\\.png\\?exp=(\\d+)&sig=([0-9a-f]{64})");

    @Test
    void aLinkIsValidForItsEpisodeUntilItExpiresAndOnlyWithItsKey() {
        Instant t0 = Instant.parse("2026-12-03T03:00:00Z");
        SecretSource key = new SecretSource("image key", Optional.of("k1"), Optional.empty());
        ChartLinks links = new ChartLinks(key, Duration.ofDays(7), Clock.fixed(t0, ZoneOffset.UTC));
        Matcher m = LINK.matcher(links.path(42));
        assertThat(m.matches()).isTrue();
        long exp = Long.parseLong(m.group(2));
        String sig = m.group(3);
        assertThat(exp).isEqualTo(t0.plus(Duration.ofDays(7)).getEpochSecond());
        assertThat(links.valid(42, exp, sig)).isTrue();
        assertThat(links.valid(43, exp, sig)).as("another episode").isFalse();
        assertThat(links.valid(42, exp + 60, sig)).as("a later expiry").isFalse();
        assertThat(links.valid(42, exp, null)).isFalse();

        ChartLinks later = new ChartLinks(key, Duration.ofDays(7), Clock.fixed(Instant.ofEpochSecond(exp), ZoneOffset.UTC));
        assertThat(later.valid(42, exp, sig)).as("expired").isFalse();
        ChartLinks otherKey = new ChartLinks(new SecretSource("image key", Optional.of("k2"), Optional.empty()),
                Duration.ofDays(7), Clock.fixed(t0, ZoneOffset.UTC));
        assertThat(otherKey.valid(42, exp, sig)).as("signed with another key").isFalse();
    }
}
