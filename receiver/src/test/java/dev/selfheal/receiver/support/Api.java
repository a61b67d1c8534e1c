package dev.selfheal.receiver.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** REST Assured helpers for the receiver's API, authenticated with the test token. */
public final class Api {

    public static final String TOKEN = "test-token-123";

    private Api() {
    }

    public static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** The tests' operator (src/test/resources/operators.txt), by HTTP basic: may approve and pause. */
    public static RequestSpecification operator() {
        return given().auth().preemptive().basic("ops", "operator-pass");
    }

    public static Response postWebhook(String body) {
        return authed().contentType("application/json").body(body).post("/api/v1/alerts");
    }

    /** All episodes (newest first) whose alerts carry the label {@code salt="<salt>"} (see Fixtures). */
    public static List<Map<String, Object>> episodes(String salt) {
        List<Map<String, Object>> all = authed().get("/api/v1/episodes?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("episodes");
        return all.stream().filter(e -> salt.equals(((Map<?, ?>) e.get("labels")).get(Fixtures.SALT_LABEL))).toList();
    }

    public static Map<String, Object> episode(Object id) {
        return authed().get("/api/v1/episodes/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    public static int episodeCount() {
        return authed().get("/api/v1/episodes?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("episodes").size();
    }

    public static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    public static double metric(String line) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
