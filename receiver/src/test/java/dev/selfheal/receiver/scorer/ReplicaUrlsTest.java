package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scorer base URLs: checked with the variable's name in the message, shown without user info. */
class ReplicaUrlsTest {

    @Test
    void aListIsParsedTrimmedAndWithoutTrailingSlashes() {
        assertThat(ReplicaUrls.parseList("SELFHEAL_SCORER_URLS", List.of("http://a:8081/", " https://b:8443")))
                .containsExactly("http://a:8081", "https://b:8443");
    }

    @Test
    void aBadUrlIsRefusedNamingTheVariableAndNeverShowingAPassword() {
        assertThatThrownBy(() -> ReplicaUrls.parse("SELFHEAL_SCORER_URLS", "scorer:8081"))
                .hasMessageStartingWith("SELFHEAL_SCORER_URLS: a scorer URL is http(s)://host[:port]");
        assertThatThrownBy(() -> ReplicaUrls.parse("SELFHEAL_SCORER_URL", "ftp://u:s3cret@scorer:8081"))
                .hasMessageContaining("ftp://scorer:8081").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ReplicaUrls.parse("SELFHEAL_SCORER_URL", "http://scorer:8081/?a=b"))
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> ReplicaUrls.parseList("SELFHEAL_SCORER_URLS", List.of()))
                .hasMessageContaining("names no scorer URL");
    }

    @Test
    void theDisplayFormDropsUserInfoOnly() {
        assertThat(ReplicaUrls.display("http://user:pw@10.0.0.1:8081/base")).isEqualTo("http://10.0.0.1:8081/base");
        assertThat(ReplicaUrls.display("http://10.0.0.1:8081/a@b")).isEqualTo("http://10.0.0.1:8081/a@b");
        assertThat(ReplicaUrls.display("http://10.0.0.1:8081")).isEqualTo("http://10.0.0.1:8081");
    }
}
