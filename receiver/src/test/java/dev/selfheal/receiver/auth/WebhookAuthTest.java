package dev.selfheal.receiver.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.selfheal.receiver.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The auth table: what Alertmanager's http_config can send, and what must be refused. */
@QuarkusTest
class WebhookAuthTest {

    private static final String BODY = Fixtures.webhook("01-prom-HighErrorRate-firing-single", "auth");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> credentials() {
        return Stream.of(
                Arguments.of("bearer, right token", "Bearer test-token-123", 200),
                Arguments.of("bearer, scheme in lower case", "bearer test-token-123", 200),
                Arguments.of("basic, token as password", basic("am-user", "test-token-123"), 200),
                Arguments.of("bearer, wrong token", "Bearer wrong-secret-value", 401),
                Arguments.of("bearer, token prefix only", "Bearer test-token-12", 401),
                Arguments.of("bearer, empty", "Bearer ", 401),
                Arguments.of("basic, wrong password", basic("am-user", "wrong-secret-value"), 401),
                Arguments.of("basic, not base64", "Basic !!!not-base64!!!", 401),
                Arguments.of("basic, no colon", "Basic " + Base64.getEncoder().encodeToString("x".getBytes()), 401),
                Arguments.of("unknown scheme", "Token test-token-123", 401),
                Arguments.of("missing", null, 401));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("credentials")
    void webhookAuthTable(String what, String authorization, int expected) {
        var request = given().contentType("application/json").body(BODY);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Response response = request.post("/api/v1/alerts");
        response.then().statusCode(expected);
        if (expected == 401) {
            response.then().contentType("application/json").body("code", equalTo("unauthorized"));
            assertThat(response.asString()).doesNotContain("wrong-secret-value", "test-token", "HighErrorRate");
        }
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("credentials")
    void episodesApiHasTheSameAuth(String what, String authorization, int expected) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.get("/api/v1/episodes").then().statusCode(expected);
    }

    @org.junit.jupiter.api.Test
    void healthAndMetricsNeedNoCredentials() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    /** Slack's clicks take no token; without a signing secret the path is not there, whoever calls. */
    @org.junit.jupiter.api.Test
    void slackInteractionsAreNotFoundWithoutASigningSecret() {
        given().contentType("application/x-www-form-urlencoded").body("payload=%7B%7D")
                .header("X-Slack-Request-Timestamp", System.currentTimeMillis() / 1000).header("X-Slack-Signature", "v0=00")
                .post("/api/v1/slack/interactions").then().statusCode(404).body("code", equalTo("not_found"));
        given().header("Authorization", "Bearer test-token-123").contentType("application/x-www-form-urlencoded")
                .body("payload=%7B%7D").post("/api/v1/slack/interactions").then().statusCode(404);
    }
}
