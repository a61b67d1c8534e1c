package dev.selfheal.receiver.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SELFHEAL_WEBHOOK_TOKEN_FILE is re-read when it changes, as Alertmanager re-reads credentials_file. */
@QuarkusTest
@TestProfile(TokenFileRotationTest.TokenFileProfile.class)
class TokenFileRotationTest {

    static final Path TOKEN_FILE;

    static {
        try {
            TOKEN_FILE = Files.createTempFile("selfheal-token", ".txt");
            Files.writeString(TOKEN_FILE, "first-token\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class TokenFileProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.webhook.token", "", "selfheal.webhook.token-file", TOKEN_FILE.toString(),
                    "selfheal.webhook.basic-username", "am-user");
        }
    }

    private static int post(String authorization) {
        return given().header("Authorization", authorization).contentType("application/json")
                .body(Fixtures.webhook("01-prom-HighErrorRate-firing-single", "rotation"))
                .post("/api/v1/alerts").statusCode();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rotatedTokenFileTakesEffectWithoutRestart() throws IOException {
        Files.writeString(TOKEN_FILE, "first-token\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5)).until(() -> post("Bearer first-token") == 200);
        org.assertj.core.api.Assertions.assertThat(post(basic("am-user", "first-token"))).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(post(basic("someone-else", "first-token"))).isEqualTo(401);

        Files.writeString(TOKEN_FILE, "second-token-longer\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5)).until(() -> post("Bearer second-token-longer") == 200);
        org.assertj.core.api.Assertions.assertThat(post("Bearer first-token")).isEqualTo(401);
    }
}
