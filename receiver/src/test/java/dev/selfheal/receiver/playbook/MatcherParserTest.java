package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherParserTest {

    private static final Map<String, String> LABELS = Map.of("alertname", "HighErrorRate", "namespace", "shop",
            "job", "demo-app", "quote", "a\"b");

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "alertname=\"HighErrorRate\"                         ; true",
            "{alertname=\"HighErrorRate\", namespace=~\"shop|cart\"} ; true",
            "{alertname=\"HighErrorRate\", namespace=~\"sho\"}     ; false",
            "namespace!~\"dev.*\"                               ; true",
            "job!=\"demo-app\"                                   ; false",
            "missing=\"\"                                        ; true",
            "quote=\"a\\\"b\"                                    ; true",
            "alertname=HighErrorRate                            ; true"})
    void matchesAsAlertmanagerDoes(String text, boolean expected) {
        assertThat(MatcherParser.parse(text).stream().allMatch(m -> m.matches(LABELS))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{alertname=\"x\"          ; missing closing",
            "alertname                 ; expected =, !=, =~ or !~",
            "alertname=~\"(\"          ; invalid regex",
            "alertname=\"x             ; unterminated",
            "{}                        ; no matchers",
            "1abc=\"x\"                ; expected a label name"})
    void refusesWhatAlertmanagerRefuses(String text, String message) {
        assertThatThrownBy(() -> MatcherParser.parse(text)).hasMessageContaining(message);
    }
}
