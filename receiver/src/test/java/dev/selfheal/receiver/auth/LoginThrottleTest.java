package dev.selfheal.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.store.Transactions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are limited per account across replicas: two throttles (one per replica) on one
 * store count one account's failures together; a success on either clears it for both.
 */
@QuarkusTest
class LoginThrottleTest {

    @Inject
    Transactions transactions;

    private final Instant t0 = Instant.parse("2026-12-03T03:00:00Z");
    private final Instant[] now = {t0};
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now[0];
        }
    };

    private static String account() {
        return "ops-" + UUID.randomUUID();
    }

    @Test
    void fiveFailuresAcrossTwoReplicasHoldTheAccountOnBothUntilTheOldestIsAMinuteOld() {
        LoginThrottle first = new LoginThrottle(5, clock, transactions);
        LoginThrottle second = new LoginThrottle(5, clock, transactions);
        String account = account();
        for (int i = 0; i < 5; i++) {
            LoginThrottle replica = i % 2 == 0 ? first : second;
            assertThat(replica.retryAfter(account)).as("attempt %d", i + 1).isZero();
            replica.failed(account);
            now[0] = now[0].plusSeconds(1);
        }
        assertThat(first.retryAfter(account)).isEqualTo(Duration.ofSeconds(55));
        assertThat(second.retryAfter(account)).as("the other replica holds it too").isEqualTo(Duration.ofSeconds(55));
        assertThat(second.retryAfter(account.toUpperCase())).as("the account, whatever its case").isPositive();
        assertThat(first.retryAfter(account())).as("another account is not held").isZero();

        now[0] = t0.plusSeconds(60);
        assertThat(first.retryAfter(account)).as("the oldest failure is a minute old").isZero();
        first.failed(account);
        assertThat(second.retryAfter(account)).as("five again within the minute").isPositive();
        first.succeeded(account);
        assertThat(second.retryAfter(account)).as("a success on one replica clears the account on both").isZero();
    }

    @Test
    void theStoreKeepsAHashOfTheNameAndOnlyTheLastMinute() {
        LoginThrottle throttle = new LoginThrottle(5, clock, transactions);
        String account = account();
        throttle.failed(account);
        now[0] = now[0].plusSeconds(61);
        throttle.failed(account);
        List<String> stored = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT account_key, failed_at FROM login_failure WHERE account_key = ?")) {
                ps.setString(1, LoginThrottle.key(account));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                        at.add(rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    }
                }
            }
            return null;
        });
        assertThat(stored).singleElement().satisfies(k -> assertThat(k).hasSize(64).doesNotContain("ops"));
        assertThat(at).as("the failure over a minute old was deleted").containsExactly(now[0]);
    }

    @Test
    void theWaitEndsWhenTheFailureThatBringsThemUnderTheLimitIsAMinuteOld() {
        Instant n = t0.plusSeconds(30);
        assertThat(LoginThrottle.wait(List.of(t0, t0.plusSeconds(1)), 3, n)).isZero();
        assertThat(LoginThrottle.wait(List.of(t0, t0.plusSeconds(1), t0.plusSeconds(2)), 3, n)).isEqualTo(Duration.ofSeconds(30));
        // two replicas raced past the limit: four failures, limit 3: the second oldest decides
        assertThat(LoginThrottle.wait(List.of(t0, t0.plusSeconds(10), t0.plusSeconds(11), t0.plusSeconds(12)), 3, n))
                .isEqualTo(Duration.ofSeconds(40));
    }
}
