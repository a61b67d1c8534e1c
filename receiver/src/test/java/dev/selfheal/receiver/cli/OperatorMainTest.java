package dev.selfheal.receiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@code ./selfheal operator NAME ROLE --slack U…} prints a line with the Slack user ID as a fourth field. */
class OperatorMainTest {

    private static String[] run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OperatorMain.run(args, new BufferedReader(new StringReader("s3cret\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void slackAddsTheUserIdAsAFourthField() throws Exception {
        String[] r = run("alice", "operator", "--slack", "U012AB3CD");
        assertThat(r[0]).isEqualTo("0");
        String[] fields = r[1].split(":");
        assertThat(fields).hasSize(4);
        assertThat(fields[0]).isEqualTo("alice");
        assertThat(fields[1]).isEqualTo("operator");
        assertThat(BCrypt.checkpw("s3cret", fields[2])).isTrue();
        assertThat(fields[3]).isEqualTo("U012AB3CD");
        assertThat(run("bob", "viewer")[1].split(":")).as("without --slack, three fields").hasSize(3);
    }

    @Test
    void aDisplayNameIsNoSlackUserId() throws Exception {
        String[] r = run("alice", "--slack", "@alice");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEmpty();
        assertThat(r[2]).contains("SLACKUSERID");
        assertThat(run("alice", "--slack")[0]).isEqualTo("2");
    }
}
