package dev.selfheal.receiver.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.pagerduty.Delivery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole classification table of Slack's answers (https://api.slack.com/web#evaluating_responses). */
class SlackAnswerTest {

    @ParameterizedTest(name = "{0} ok={1} error={2} → {3}")
    @CsvSource({
        "200, true, '', DELIVERED",
        "200, false, ratelimited, RETRY",
        "429, false, ratelimited, RETRY",
        "200, false, internal_error, RETRY",
        "200, false, fatal_error, RETRY",
        "200, false, service_unavailable, RETRY",
        "200, false, request_timeout, RETRY",
        "500, false, '', RETRY",
        "502, false, '', RETRY",
        "503, false, '', RETRY",
        "408, false, '', RETRY",
        "200, false, not_in_channel, REJECTED",
        "200, false, channel_not_found, REJECTED",
        "200, false, invalid_auth, REJECTED",
        "200, false, not_authed, REJECTED",
        "200, false, account_inactive, REJECTED",
        "200, false, token_revoked, REJECTED",
        "200, false, missing_scope, REJECTED",
        "200, false, is_archived, REJECTED",
        "200, false, invalid_blocks, REJECTED",
        "200, false, message_not_found, REJECTED",
        "200, false, cant_update_message, REJECTED",
        "400, false, '', REJECTED",
        "404, false, '', REJECTED",
    })
    void everyAnswerIsClassifiedHere(int status, boolean ok, String error, Delivery.Result expected) {
        assertThat(SlackAnswer.classify(status, ok, error)).isEqualTo(expected);
    }
}
