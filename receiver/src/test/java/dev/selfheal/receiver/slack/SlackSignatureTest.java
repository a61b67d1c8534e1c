package dev.selfheal.receiver.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's v0 signature, with the example of Slack's own documentation, and the five-minute window. */
class SlackSignatureTest {

    /** https://api.slack.com/authentication/verifying-requests-from-slack: its worked example. */
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    static final long TS = 1531420618;
    static final String EXPECTED = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void slacksOwnExampleIsValid() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(SlackSignature.sign(SECRET, TS, body)).isEqualTo(EXPECTED);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), EXPECTED, body, Instant.ofEpochSecond(TS + 60)))
                .isEqualTo(SlackSignature.Check.VALID);
    }

    @Test
    void anyChangeIsForgedAndAnOldOrFutureTimestampStale() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(TS);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), EXPECTED, (BODY + "x").getBytes(StandardCharsets.UTF_8),
                now)).isEqualTo(SlackSignature.Check.FORGED);
        assertThat(SlackSignature.check("another-secret", String.valueOf(TS), EXPECTED, body, now))
                .isEqualTo(SlackSignature.Check.FORGED);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), null, body, now)).isEqualTo(SlackSignature.Check.FORGED);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), "v0=" + "0".repeat(64), body, now))
                .isEqualTo(SlackSignature.Check.FORGED);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), EXPECTED, body, now.plusSeconds(301)))
                .isEqualTo(SlackSignature.Check.STALE);
        assertThat(SlackSignature.check(SECRET, String.valueOf(TS), EXPECTED, body, now.minusSeconds(301)))
                .isEqualTo(SlackSignature.Check.STALE);
        assertThat(SlackSignature.check(SECRET, null, EXPECTED, body, now)).isEqualTo(SlackSignature.Check.STALE);
        assertThat(SlackSignature.check(SECRET, "soon", EXPECTED, body, now)).isEqualTo(SlackSignature.Check.STALE);
    }
}
