package dev.selfheal.receiver.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookParserTest {

    private final WebhookParser parser = new WebhookParser(new ObjectMapper());

    static java.util.stream.Stream<String> fixtures() {
        return Fixtures.names().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void ourFingerprintIsAlertmanagersOnEveryRealAlert(String name) {
        WebhookMessage message = parser.parse(Fixtures.webhook(name).getBytes(StandardCharsets.UTF_8));
        for (WebhookAlert alert : message.alerts()) {
            assertThat(AlertmanagerFingerprint.of(new TreeMap<>(alert.labels()))).isEqualTo(alert.fingerprint());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-28T22:34:21Z, 2026-11-28T22:34:21Z",
            "2026-11-28T22:34:21.8Z, 2026-11-28T22:34:21.800Z",
            "2026-11-28T22:34:21.845399371Z, 2026-11-28T22:34:21.845399371Z",
            "2026-11-28T23:34:21.845+01:00, 2026-11-28T22:34:21.845Z"})
    void timestampsWithZeroToNineFractionalDigits(String wire, String expected) {
        String body = "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"" + wire
                + "\",\"endsAt\":\"0001-01-01T00:00:00Z\"}]}";
        WebhookAlert alert = parser.parse(body.getBytes(StandardCharsets.UTF_8)).alerts().get(0);
        assertThat(alert.startsAt()).isEqualTo(Instant.parse(expected));
        assertThat(alert.endsAt()).isEmpty();
    }

    @Test
    void unknownFieldsOfNewerAlertmanagersAreIgnored() {
        String body = "{\"version\":\"4\",\"notification_reason\":\"x\",\"routeLabels\":{\"a\":\"b\"},\"alerts\":"
                + "[{\"status\":\"resolved\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-01-01T00:00:00Z\","
                + "\"endsAt\":\"2026-01-01T00:01:00Z\",\"future\":[1,2]}]}";
        WebhookMessage message = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(message.alerts().get(0).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(message.alerts().get(0).endsAt()).contains(Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Test
    void receiverArrivesRegexEscapedAndIsKeptAsSent() {
        WebhookMessage message = parser.parse(Fixtures.webhook("28-api-odd-label-values-json-escaping-empty-annotations")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(message.receiver()).isEqualTo("sink-main");
        assertThat(message.groupKey()).contains("Odd \\\"Quoted\\\"");
    }

    @Test
    void errorsNameTheFieldAndNeverEchoAHugeValue() {
        String longName = "n".repeat(10_000);
        String body = "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"" + longName
                + "\":1},\"startsAt\":\"2026-01-01T00:00:00Z\"}]}";
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageStartingWith("alerts[0].labels.")
                .hasMessageEndingWith("must be a string")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
        assertThat(Pattern.compile("^\\{").matcher("{").find()).isTrue();
    }
}
