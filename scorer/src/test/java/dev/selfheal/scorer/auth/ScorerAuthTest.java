package dev.selfheal.scorer.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scorer's API takes only its bearer token (from a file, re-read when it changes); probes and
 * metrics stay open; a refusal is 401 with a JSON error that never echoes what was sent.
 */
@QuarkusTest
@TestProfile(ScorerAuthTest.Profile.class)
class ScorerAuthTest {

    static final Path TOKEN_FILE;

    static {
        try {
            TOKEN_FILE = Files.createTempFile("scorer-token", "");
            Files.writeString(TOKEN_FILE, "first-secret-token\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.scorer-auth-enabled", "true", "selfheal.scorer-token-file", TOKEN_FILE.toString());
        }
    }

    private static int score(String authorization) {
        var request = given().contentType("application/json").body("{}");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.post("/api/v1/score").statusCode();
    }

    @Test
    void onlyTheTokenReachesTheApiAndProbesAndMetricsStayOpen() {
        given().contentType("application/json").body("{}").post("/api/v1/score").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"selfheal-scorer\"")
                .body("code", equalTo("unauthorized"));
        String refused = given().header("Authorization", "Bearer guessed-token-123").get("/api/v1/models").then()
                .statusCode(401).extract().asString();
        assertThat(refused).contains("invalid credentials").doesNotContain("guessed-token-123");
        assertThat(score("Basic Zmlyc3Qtc2VjcmV0LXRva2Vu")).as("basic is not accepted").isEqualTo(401);
        // past auth: the empty body is refused for what it is
        given().header("Authorization", "Bearer first-secret-token").contentType("application/json").body("{}")
                .post("/api/v1/score").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void aRotatedTokenFileTakesEffectWithoutARestart() throws IOException {
        Files.writeString(TOKEN_FILE, "second-secret-token\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> score("Bearer second-secret-token") == 400);
        assertThat(score("Bearer first-secret-token")).isEqualTo(401);
        Files.writeString(TOKEN_FILE, "first-secret-token\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> score("Bearer first-secret-token") == 400);
    }
}
