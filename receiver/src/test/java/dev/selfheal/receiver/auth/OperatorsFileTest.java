package dev.selfheal.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The operators file's lines as htpasswd -nbB writes them ($2y$ bcrypt), a malformed line skipped
 * and never fatal; and the login throttle: five failures a minute per account answered, then 429.
 */
class OperatorsFileTest {

    /** {@code htpasswd -nbB alice s3cret} as Apache's htpasswd 2.4 printed it (Debian's apache2-utils). */
    static final String HTPASSWD_ALICE = "alice:$2y$05$Ce50N/mH0RcT.lA4jIxQFOQIoqRB1lNFKPCN1/dyrT5OArOgBSEBu";

    @Test
    void linesAreNameRoleHashAndAMalformedLineIsSkipped() {
        String hash = BCrypt.hashpw("pw", BCrypt.gensalt("$2y", 4));
        var parsed = Operators.parse(String.join("\n", "# team", "", "ops:operator:" + hash,
                "bob:admin:" + hash, "carol:viewer:plain-text-password", "bad name:viewer:" + hash,
                "dave:viewer:" + hash, "ops:viewer:" + hash));
        assertThat(parsed).containsOnlyKeys("ops", "dave");
        assertThat(Role.ofFile("OPERATOR")).contains(Role.OPERATOR);
        assertThat(Role.ofFile("webhook")).as("the webhook role comes from the token only").isEmpty();
    }

    @Test
    void aHashAsHtpasswdPrintsItIsAccepted() {
        String hash = HTPASSWD_ALICE.substring(HTPASSWD_ALICE.indexOf(':') + 1);
        assertThat(hash).startsWith("$2y$");
        assertThat(BCrypt.checkpw("s3cret", hash)).isTrue();
        assertThat(BCrypt.checkpw("wrong", hash)).isFalse();
        assertThat(Operators.parse(HTPASSWD_ALICE.replace("alice:", "alice:operator:"))).containsOnlyKeys("alice");
    }

    @Test
    void fiveFailuresAMinuteAreAnsweredThenTheAccountWaitsUntilTheOldestIsAMinuteOld() {
        Instant t0 = Instant.parse("2026-12-03T03:00:00Z");
        Clock[] now = {Clock.fixed(t0, ZoneOffset.UTC)};
        LoginThrottle throttle = new LoginThrottle(5, new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0].instant();
            }
        });
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.retryAfter("ops")).as("attempt %d", i + 1).isZero();
            throttle.failed("ops");
            now[0] = Clock.offset(now[0], Duration.ofSeconds(1));
        }
        assertThat(throttle.retryAfter("ops")).isEqualTo(Duration.ofSeconds(55));
        assertThat(throttle.retryAfter("OPS")).as("the account, whatever its case").isPositive();
        assertThat(throttle.retryAfter("val")).as("another account is not held").isZero();
        now[0] = Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC);
        assertThat(throttle.retryAfter("ops")).as("the oldest failure is a minute old").isZero();
        throttle.succeeded("ops");
        assertThat(throttle.retryAfter("ops")).isZero();
    }
}
