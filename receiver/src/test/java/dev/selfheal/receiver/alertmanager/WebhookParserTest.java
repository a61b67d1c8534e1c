package dev.selfheal.receiver.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.domain.AlertStatus;
import dev.selfheal.receiver.domain.RejectedAlert;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.domain.WebhookMessage;
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

    private static String alert(String labels, String startsAt, String extra) {
        return "{\"status\":\"firing\",\"labels\":{" + labels + "},\"startsAt\":\"" + startsAt
                + "\",\"endsAt\":\"0001-01-01T00:00:00Z\"" + extra + "}";
    }

    private static final String GOOD = alert("\"alertname\":\"Good\"", "2026-11-28T22:00:00Z", "");

    private WebhookMessage parse(String... alerts) {
        String body = "{\"version\":\"4\",\"receiver\":\"r\",\"alerts\":[" + String.join(",", alerts) + "]}";
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1600-01-01T00:00:00Z", "2300-01-01T00:00:00Z",
            "1677-09-21T00:12:43Z", "2262-04-11T23:47:17Z"})
    void aTimeTheStoreCannotHoldRefusesTheWebhookWhenItIsItsOnlyAlert(String startsAt) {
        assertThatThrownBy(() -> parse(alert("\"alertname\":\"X\"", startsAt, "")))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("alerts[0].startsAt")
                .hasMessageContaining("outside the range the store holds")
                .hasMessageContaining("2262-04-11T23:47:16.854775807Z");
    }

    @ParameterizedTest
    @CsvSource({"1677-09-21T00:12:44Z", "2262-04-11T23:47:16.854775807Z", "1970-01-01T00:00:00Z"})
    void theEdgesOfTheStoresRangeAreKept(String startsAt) {
        WebhookMessage message = parse(alert("\"alertname\":\"X\"", startsAt, ""));
        assertThat(message.alerts()).hasSize(1);
        assertThat(dev.selfheal.receiver.episode.Times.toNanos(message.alerts().get(0).startsAt())).isNotNull();
    }

    @Test
    void anEndsAtOutOfRangeRejectsItsAlertAloneAndGoZeroStillMeansUnset() {
        WebhookMessage message = parse(GOOD, alert("\"alertname\":\"Late\"", "2026-11-28T22:00:00Z", "")
                .replace("0001-01-01T00:00:00Z", "9999-01-01T00:00:00Z"));
        assertThat(message.alerts()).hasSize(1);
        assertThat(message.alerts().get(0).endsAt()).isEmpty();
        assertThat(message.rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.reason()).startsWith("alerts[1].endsAt '9999-01-01T00:00:00Z' is outside");
            assertThat(r.alertname()).isEqualTo("Late");
        });
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> hostileAlerts() {
        String t = "2026-11-28T22:00:00Z";
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("a fingerprint that is not the labels' hash",
                        alert("\"alertname\":\"Fp\"", t, ",\"fingerprint\":\"0123456789abcdef\""),
                        "alerts[1].fingerprint '0123456789abcdef' is not Alertmanager's hash of the alert's labels (expected '"),
                org.junit.jupiter.params.provider.Arguments.of("a label value over the limit",
                        alert("\"alertname\":\"Big\",\"v\":\"" + "x".repeat(8193) + "\"", t, ""),
                        "alerts[1].labels.'v' is 8193 characters long; at most 8192"),
                org.junit.jupiter.params.provider.Arguments.of("too many labels",
                        alert("\"alertname\":\"Many\"," + java.util.stream.IntStream.range(0, 128)
                                .mapToObj(i -> "\"l" + i + "\":\"v\"").collect(java.util.stream.Collectors.joining(",")), t, ""),
                        "alerts[1].labels has 129 labels; at most 128"),
                org.junit.jupiter.params.provider.Arguments.of("a label name over the limit",
                        alert("\"alertname\":\"Name\",\"" + "n".repeat(257) + "\":\"v\"", t, ""),
                        "alerts[1].labels has a label name of 257 characters; at most 256"),
                org.junit.jupiter.params.provider.Arguments.of("an empty label name",
                        alert("\"alertname\":\"Empty\",\"\":\"v\"", t, ""), "alerts[1].labels has a label with an empty name"),
                org.junit.jupiter.params.provider.Arguments.of("a NUL in a label value",
                        alert("\"alertname\":\"Nul\",\"v\":\"a\\u0000b\"", t, ""),
                        "alerts[1].labels.'v' holds a NUL character, which the store cannot keep"),
                org.junit.jupiter.params.provider.Arguments.of("half a surrogate pair in a label value",
                        alert("\"alertname\":\"Half\",\"v\":\"\\ud800x\"", t, ""),
                        "holds half of a UTF-16 surrogate pair, which the store cannot keep"),
                org.junit.jupiter.params.provider.Arguments.of("a label key twice",
                        alert("\"alertname\":\"Twice\",\"job\":\"a\",\"job\":\"b\"", t, ""),
                        "alerts[1] holds the key 'labels/job' more than once"),
                org.junit.jupiter.params.provider.Arguments.of("startsAt in year 0",
                        alert("\"alertname\":\"Year0\"", "0000-01-01T00:00:00Z", ""),
                        "alerts[1].startsAt '0000-01-01T00:00:00Z' is outside the range the store holds"),
                org.junit.jupiter.params.provider.Arguments.of("an unknown status",
                        alert("\"alertname\":\"Pending\"", t, "").replace("\"firing\"", "\"pending\""),
                        "alerts[1].status must be \"firing\" or \"resolved\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAlerts")
    void aHostileAlertIsRejectedAloneWithItsReasonAndABodyToReDrive(String what, String hostile, String reason) {
        WebhookMessage message = parse(GOOD, hostile);
        assertThat(message.alerts()).extracting(WebhookAlert::alertname).containsExactly("Good");
        assertThat(message.size()).isEqualTo(2);
        RejectedAlert rejected = message.rejected().get(0);
        assertThat(rejected.index()).isEqualTo(1);
        assertThat(rejected.reason()).contains(reason).hasSizeLessThan(400);
        // the dead letter's body is a webhook of this alert alone, pure ASCII, and parses to the same refusal
        String body = new String(rejected.body(), StandardCharsets.US_ASCII);
        assertThat(body).matches("\\p{ASCII}*");
        assertThat(body).contains("\"receiver\":\"r\"").doesNotContain("Good");
        if (what.equals("a label key twice")) {
            // a tree keeps one value per key (the last, as Alertmanager's own decoding does): re-driving
            // this body accepts that reading, on purpose
            assertThat(parser.parse(rejected.body()).alerts().get(0).labels()).containsEntry("job", "b");
        } else {
            assertThatThrownBy(() -> parser.parse(rejected.body())).isInstanceOf(InvalidWebhookException.class)
                    .hasMessageContaining(reason.replace("alerts[1]", "alerts[0]"));
        }
    }

    @Test
    void aRealFingerprintIsKeptAndAMissingOneIsComputed() {
        String withFp = alert("\"alertname\":\"A\",\"job\":\"x\"", "2026-11-28T22:00:00Z",
                ",\"fingerprint\":\"" + AlertmanagerFingerprint.of(new TreeMap<>(java.util.Map.of("alertname", "A", "job", "x"))) + "\"");
        WebhookMessage message = parse(withFp, alert("\"alertname\":\"A\",\"job\":\"x\"", "2026-11-28T22:00:00Z", ""));
        assertThat(message.rejected()).isEmpty();
        assertThat(message.alerts().get(0).fingerprint()).isEqualTo(message.alerts().get(1).fingerprint());
    }

    @Test
    void annotationsAreCutWithAVisibleMarkerAndUnstorableCharactersReplaced() {
        String long20k = "a".repeat(20_000);
        WebhookMessage message = parse(alert("\"alertname\":\"A\"", "2026-11-28T22:00:00Z",
                ",\"annotations\":{\"description\":\"" + long20k + "\",\"summary\":\"x\\u0000y\\udc00z\"}"));
        var annotations = message.alerts().get(0).annotations();
        assertThat(annotations.get("description")).startsWith("a".repeat(16_384))
                .endsWith("…[cut by selfheal: 16384 of 20000 characters kept]");
        assertThat(annotations.get("summary")).isEqualTo("x\uFFFDy\uFFFDz");
    }

    @Test
    void aKeyTwiceInTheEnvelopeRefusesTheWebhook() {
        String body = "{\"version\":\"4\",\"alerts\":[" + GOOD + "],\"alerts\":[]}";
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidWebhookException.class).hasMessageContaining("'/alerts' appears more than once");
    }
}
