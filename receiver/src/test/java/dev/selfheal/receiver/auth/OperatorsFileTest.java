package dev.selfheal.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aFourthFieldIsTheSlackUserAndUnique() {
        String hash = BCrypt.hashpw("pw", BCrypt.gensalt("$2y", 4));
        var parsed = Operators.parse(String.join("\n", "ops:operator:" + hash + ":U0OPS1", "val:viewer:" + hash,
                "eve:operator:" + hash + ":U0OPS1", "bad:operator:" + hash + ":not-an-id", "amy:viewer:" + hash + ":W0AMY"));
        assertThat(parsed).containsOnlyKeys("ops", "val", "amy");
        assertThat(parsed.get("ops").slackUser()).isEqualTo("U0OPS1");
        assertThat(parsed.get("val").slackUser()).as("three fields keep working").isNull();
        assertThat(parsed.get("amy").slackUser()).isEqualTo("W0AMY");
    }
}
