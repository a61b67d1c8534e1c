package dev.selfheal.receiver.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApprovalExpiryTest {

    @ParameterizedTest(name = "asked at {0}, {1} allowed, now {2}: expired {3}")
    @CsvSource({
            "2026-12-01T10:00:00Z, PT1H, 2026-12-01T10:59:59Z, false",
            "2026-12-01T10:00:00Z, PT1H, 2026-12-01T11:00:00Z, false",
            "2026-12-01T10:00:00Z, PT1H, 2026-12-01T11:00:00.001Z, true",
            "2026-12-01T10:00:00Z, PT5M, 2026-12-01T12:00:00Z, true"})
    void anApprovalExpiresOnlyAfterItsWholeTime(String asked, String allowed, String now, boolean expired) {
        assertThat(ApprovalExpiry.due(Instant.parse(asked), Duration.parse(allowed), Instant.parse(now)))
                .isEqualTo(expired);
    }
}
