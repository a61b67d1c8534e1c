package dev.selfheal.scorer.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.selfheal.scorer.support.Fixtures;
import dev.selfheal.scorer.support.PrometheusWireMock;
import dev.selfheal.scorer.support.Synthetic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The score API over both input forms, with Prometheus played by WireMock serving real answers. */
@QuarkusTest
@QuarkusTestResource(value = PrometheusWireMock.class, restrictToAnnotatedClass = true)
class ScoreApiTest {

    @BeforeEach
    void reset() {
        PrometheusWireMock.server.resetAll();
    }

    private static void prometheusAnswers(int status, String fixture) {
        PrometheusWireMock.server.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.prometheus(fixture))));
    }

    private static ValidatableResponse score(String body) {
        return given().contentType("application/json").body(body).post("/api/v1/score").then();
    }

    static String inline(String labels, double[] values) {
        StringBuilder b = new StringBuilder("{\"series\":[{\"labels\":" + labels + ",\"values\":[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%d,\"%s\"]", 1_700_000_000 + 15 * i,
                    Double.isNaN(values[i]) ? "NaN" : Double.toString(values[i])));
        }
        return b.append("]}]}").toString();
    }

    @Test
    void queryFormFetchesTheRangeAndScoresEverySeries() {
        prometheusAnswers(200, "prometheus-query_range-error-ratio-by-endpoint");
        score("{\"query\":\"job:http_error_ratio\",\"end\":\"2026-11-28T22:40:00Z\",\"window\":\"7m\",\"step\":\"5s\"}")
                .statusCode(200)
                .body("verdict.series", org.hamcrest.Matchers.equalTo(3))
                .body("verdict.threshold", org.hamcrest.Matchers.equalTo(0.5f))
                .body("results", hasSize(3))
                .body("results[0].labels.job", org.hamcrest.Matchers.equalTo("fakeapp"))
                .body("results[0].model.id", notNullValue())
                .body("results[0].reasons[0]", containsString("σ"));
        PrometheusWireMock.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/query_range"))
                .withQueryParam("query", equalTo("job:http_error_ratio"))
                .withQueryParam("step", equalTo("5.000"))
                .withQueryParam("end", equalTo("1795905600.000"))
                .withQueryParam("start", equalTo("1795905180.000")));
    }

    @Test
    void nanOnlySeriesIsAWindowTooShort() {
        prometheusAnswers(200, "prometheus-query_range-NaN-values");
        score("{\"query\":\"up_nan\"}").statusCode(422).body("code", org.hamcrest.Matchers.equalTo("window_too_short"))
                .body("message", containsString("0 finite points"));
    }

    @Test
    void promqlErrorIs400WithPrometheusOwnMessage() {
        prometheusAnswers(400, "prometheus-query_range-error-bad_data");
        score("{\"query\":\"sum(rate(x[5m]\"}").statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("prometheus_bad_data"))
                .body("message", containsString("unclosed left parenthesis"));
    }

    @Test
    void prometheus5xxIs503() {
        PrometheusWireMock.server.stubFor(get(urlPathEqualTo("/api/v1/query_range"))
                .willReturn(aResponse().withStatus(503).withBody("overloaded")));
        score("{\"query\":\"up_5xx\"}").statusCode(503).body("code", org.hamcrest.Matchers.equalTo("prometheus_unavailable"));
    }

    @Test
    void prometheusUnreachableIs503() {
        PrometheusWireMock.server.stubFor(get(urlPathEqualTo("/api/v1/query_range"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        score("{\"query\":\"up_unreachable\"}").statusCode(503).body("code", org.hamcrest.Matchers.equalTo("prometheus_unavailable"));
    }

    @Test
    void prometheusTooSlowIs503() {
        PrometheusWireMock.server.stubFor(get(urlPathEqualTo("/api/v1/query_range"))
                .willReturn(aResponse().withFixedDelay(3000).withBody(Fixtures.prometheus(
                        "prometheus-query_range-rate-requests"))));
        score("{\"query\":\"up_timeout\"}").statusCode(503);
    }

    @Test
    void emptyResultIsNoData() {
        PrometheusWireMock.server.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));
        score("{\"query\":\"absent_metric\"}").statusCode(422).body("code", org.hamcrest.Matchers.equalTo("no_data"));
    }

    @Test
    void inlineFormWithNaNAndInfGapsIsScoredOnTheFinitePoints() {
        double[] values = Synthetic.seasonal(120, 3);
        values[10] = Double.NaN;
        values[50] = Double.NaN;
        values[119] = 30;
        String body = inline("{\"job\":\"inline-test\"}", values).replace("\"" + values[20] + "\"", "\"+Inf\"");
        score(body).statusCode(200)
                .body("verdict.anomalous", org.hamcrest.Matchers.equalTo(true))
                .body("results[0].anomalous", org.hamcrest.Matchers.equalTo(true))
                .body("results[0].value", org.hamcrest.Matchers.equalTo(30.0f))
                .body("results[0].decision.component", org.hamcrest.Matchers.equalTo("fallback"))
                .body("results[0].model.status", org.hamcrest.Matchers.equalTo("FALLBACK"));
    }

    private static double metric(String line) {
        return io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void verdictsAreCountedByOutcomeAndSourceWithTheScoreHistogram() {
        String anomalousFallback = "selfheal_scorer_verdicts_total{anomalous=\"true\",source=\"fallback\"}";
        String normalFallback = "selfheal_scorer_verdicts_total{anomalous=\"false\",source=\"fallback\"}";
        double anomalous = metric(anomalousFallback);
        double normal = metric(normalFallback);
        double scored = metric("selfheal_scorer_score_count");
        double[] spike = Synthetic.seasonal(120, 5);
        spike[119] = 30;
        score(inline("{\"job\":\"metrics-spike\"}", spike)).statusCode(200)
                .body("results[0].anomalous", org.hamcrest.Matchers.equalTo(true));
        score(inline("{\"job\":\"metrics-calm\"}", Synthetic.seasonal(120, 6))).statusCode(200)
                .body("results[0].anomalous", org.hamcrest.Matchers.equalTo(false));
        assertThat(metric(anomalousFallback) - anomalous).isEqualTo(1.0);
        assertThat(metric(normalFallback) - normal).isEqualTo(1.0);
        assertThat(metric("selfheal_scorer_score_count") - scored).isEqualTo(2.0);
    }

    @Test
    void nowReadsTheLatestPointsThemselves() {
        double[] broken = Synthetic.seasonal(120, 8);
        broken[118] = 30;
        broken[119] = 30;
        score(inline("{\"job\":\"now-broken\"}", broken)).statusCode(200)
                .body("verdict.outsideNow", org.hamcrest.Matchers.equalTo(true))
                .body("results[0].now.outside", org.hamcrest.Matchers.equalTo(true))
                .body("results[0].now.points", org.hamcrest.Matchers.equalTo(1))
                .body("results[0].now.words", org.hamcrest.Matchers.startsWith("value 30 against "))
                .body("results[0].now.words", containsString("median/MAD fallback"));
        double[] over = Synthetic.seasonal(120, 8);
        over[116] = 30;
        over[117] = 30;
        score(inline("{\"job\":\"now-over\"}", over)).statusCode(200)
                .body("results[0].anomalous", org.hamcrest.Matchers.equalTo(true))
                .body("verdict.outsideNow", org.hamcrest.Matchers.equalTo(false))
                .body("results[0].now.outside", org.hamcrest.Matchers.equalTo(false))
                .body("results[0].now.points", org.hamcrest.Matchers.equalTo(1))
                .body("results[0].now.words", containsString("back inside"));
    }

    @Test
    void inlineNormalPointIsNotAnomalous() {
        score(inline("{\"job\":\"calm\"}", Synthetic.seasonal(120, 4))).statusCode(200)
                .body("verdict.anomalous", org.hamcrest.Matchers.equalTo(false));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("not json", "{nope", 400),
                Arguments.of("array", "[]", 400),
                Arguments.of("neither query nor series", "{}", 400),
                Arguments.of("both query and series", "{\"query\":\"up\",\"series\":[]}", 400),
                Arguments.of("blank query", "{\"query\":\"  \"}", 400),
                Arguments.of("bad window", "{\"query\":\"up\",\"window\":\"half an hour\"}", 400),
                Arguments.of("zero step", "{\"query\":\"up\",\"step\":\"0s\"}", 400),
                Arguments.of("bad end", "{\"query\":\"up\",\"end\":\"yesterday\"}", 400),
                Arguments.of("too many points", "{\"query\":\"up\",\"window\":\"30d\",\"step\":\"15s\"}", 400),
                Arguments.of("series not an array", "{\"series\":{}}", 400),
                Arguments.of("values not pairs", "{\"series\":[{\"labels\":{},\"values\":[1,2,3]}]}", 400),
                Arguments.of("value not a number", "{\"series\":[{\"labels\":{},\"values\":[[1,\"abc\"]]}]}", 400),
                Arguments.of("time going backwards", "{\"series\":[{\"values\":[[2,\"1\"],[1,\"1\"]]}]}", 400),
                Arguments.of("no series", "{\"series\":[]}", 422),
                Arguments.of("too few points", "{\"series\":[{\"values\":[[1,\"1\"],[2,\"2\"]]}]}", 422));
    }

    /** What one request may make Prometheus read is bounded before Prometheus is asked, with the setting named. */
    @Test
    void aRequestCannotAskPrometheusForMoreThanTheBounds() {
        score("{\"query\":\"up\",\"window\":\"2d\",\"step\":\"1m\"}").statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid_request"))
                .body("message", org.hamcrest.Matchers.containsString("SELFHEAL_SCORING_MAX_WINDOW=1d"));
        score("{\"query\":\"up\",\"window\":\"1d\",\"step\":\"5s\"}").statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("17280 points, over the 11000"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void badRequestsGetAJsonErrorNeverA500(String what, String body, int status) {
        prometheusAnswers(200, "prometheus-query_range-rate-requests");
        score(body).statusCode(status).contentType("application/json").body("code", notNullValue())
                .body("message", notNullValue());
    }

    @Test
    void modelsAreListedAndTrainingCanBeAskedFor() {
        prometheusAnswers(200, "prometheus-query_range-rate-requests");
        given().contentType("application/json").body("{\"query\":\"rate(http_requests_total[1m])\",\"lookback\":\"1h\"}")
                .post("/api/v1/models/train").then().statusCode(202).body("models", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.empty()));
        List<String> statuses = new ArrayList<>(given().get("/api/v1/models").then().statusCode(200)
                .body("loaded", org.hamcrest.Matchers.equalTo(true)).extract().jsonPath().getList("models.status"));
        assertThat(statuses).isNotEmpty();
        given().contentType("application/json").body("{\"lookback\":\"1h\"}").post("/api/v1/models/train").then()
                .statusCode(400);
        given().contentType("application/json").body("{\"query\":\"up\",\"step\":\"0s\"}")
                .post("/api/v1/models/train").then().statusCode(400);
    }

    @Test
    void readinessReportsTheModels() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", org.hamcrest.Matchers.hasItem("models"));
    }
}
