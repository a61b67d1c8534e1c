package dev.selfheal.receiver.scorer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.selfheal.receiver.domain.Verdict;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver's scorer client against WireMock answering as the scorer does. */
@QuarkusTest
@QuarkusTestResource(value = ScorerClientTest.FakeScorer.class, restrictToAnnotatedClass = true)
class ScorerClientTest {

    static WireMockServer scorer;

    public static class FakeScorer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            return Map.of("selfheal.scorer.url", scorer.baseUrl(),
                    "dev.selfheal.receiver.scorer.ScorerClient/confirm/Timeout/value", "2");
        }

        @Override
        public void stop() {
            scorer.stop();
        }
    }

    @Inject
    ScorerClient client;

    static final Instant END = Instant.parse("2026-11-28T03:00:00Z");
    static final String VERDICT = "{\"verdict\":{\"anomalous\":true,\"score\":0.93,\"threshold\":0.5,\"series\":2},"
            + "\"results\":[{\"labels\":{\"pod\":\"a\"},\"anomalous\":false,\"score\":0.95,\"model\":{\"id\":\"m-a\",\"version\":1,"
            + "\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"normal\"}},"
            + "{\"labels\":{\"pod\":\"b\"},\"anomalous\":true,\"score\":0.0,\"model\":{\"id\":\"m-b\",\"version\":4,"
            + "\"status\":\"READY\"},\"decision\":{\"component\":\"level\",\"reason\":\"an anomalous event is open\"},"
            + "\"explain\":{\"timestamps\":[1,2],\"values\":[3,4],\"score\":[0.9,0.0],\"anomalous\":[true,true],\"threshold\":0.5}}]}";

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        scorer.resetAll();
        circuitBreakers.resetAll();
    }

    @Test
    void manyFailuresOpenTheCircuitAndStopCallingTheScorer() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThat(confirm().available()).isFalse();
        }
        int calls = scorer.getAllServeEvents().size();
        Verdict whileOpen = confirm();
        assertThat(whileOpen.available()).isFalse();
        assertThat(scorer.getAllServeEvents()).hasSize(calls);
    }

    private Verdict confirm() {
        return client.confirm("job:http_error_ratio:rate1m{job=\"demo-app\"}", Duration.ofMinutes(30),
                Duration.ofSeconds(15), END, 0.6);
    }

    @Test
    void theServedVerdictDecidesNotTheScore() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody("{\"verdict\":{\"anomalous\":false,\"score\":0.93,\"threshold\":0.5},"
                        + "\"results\":[{\"anomalous\":false,\"score\":0.93,\"model\":{\"id\":\"m\",\"status\":\"FALLBACK\"}}]}")));
        Verdict verdict = confirm();
        assertThat(verdict.anomalous()).isFalse();
        assertThat(verdict.fromModel()).isFalse();
        assertThat(verdict.model()).startsWith("FALLBACK");
    }

    @Test
    void anAnswerWithoutAServedVerdictIsUnavailable() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody("{\"verdict\":{\"score\":0.93}}")));
        assertThat(confirm().available()).isFalse();
    }

    @Test
    void aVerdictIsJudgedAgainstThePlaybooksThreshold() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody(VERDICT)));
        Verdict verdict = confirm();
        assertThat(verdict.available()).isTrue();
        assertThat(verdict.anomalous()).isTrue();
        assertThat(verdict.score()).isEqualTo(0.93);
        assertThat(verdict.threshold()).isEqualTo(0.6);
        // the anomalous series decides (its score is muted by the refractory period), with its evidence
        assertThat(verdict.fromModel()).isTrue();
        assertThat(verdict.model()).isEqualTo("READY model m-b v4");
        assertThat(verdict.reason()).isEqualTo("an anomalous event is open");
        assertThat(verdict.evidence()).contains("\"explain\"", "\"pod\":\"b\"");
        scorer.verify(postRequestedFor(urlEqualTo("/api/v1/score")).withRequestBody(equalToJson(
                "{\"query\":\"job:http_error_ratio:rate1m{job=\\\"demo-app\\\"}\",\"window\":\"1800s\","
                        + "\"step\":\"15s\",\"end\":\"2026-11-28T03:00:00Z\",\"explain\":true}")));
    }

    @Test
    void fiveHundredsAreRetriedWithBackoff() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("third"));
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(VERDICT)));
        assertThat(confirm().available()).isTrue();
        scorer.verify(3, postRequestedFor(urlEqualTo("/api/v1/score")));
    }

    @Test
    void aRefusedQueryIsNotRetriedAndSaysWhy() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"prometheus_bad_data\",\"message\":\"parse error: unclosed left parenthesis\"}")));
        Verdict verdict = confirm();
        assertThat(verdict.available()).isFalse();
        assertThat(verdict.detail()).contains("refused").contains("unclosed left parenthesis");
        scorer.verify(1, postRequestedFor(urlEqualTo("/api/v1/score")));
    }

    @Test
    void aSlowOrDeadScorerIsUnavailableNotAnError() {
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withFixedDelay(5000).withBody(VERDICT)));
        long started = System.nanoTime();
        assertThat(confirm().available()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        scorer.resetAll();
        scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(confirm().available()).isFalse();
    }
}
