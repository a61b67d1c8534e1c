package dev.selfheal.receiver.warmup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.support.Alerts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The receiver asks the scorer to replay its playbooks' confirm series before any alert: a plain
 * query at once, a templated one once an alert has given its labels; a refusal is asked again,
 * an accepted query is not.
 */
@QuarkusTest
@QuarkusTestResource(value = ScorerWarmUpTest.FakeScorer.class, restrictToAnnotatedClass = true)
class ScorerWarmUpTest {

    static WireMockServer scorer;

    static final String PLAYBOOKS = """
            http:
              allow: [http://127.0.0.1:9/]
            playbooks:
              - name: plain
                match: '{alertname="QueueBacklog"}'
                confirm:
                  query: 'sum(queue_depth)'
                  step: 30s
                target: {kind: http, url: http://127.0.0.1:9/restart}
                actions: [{type: http}]
                mode: shadow
              - name: templated
                match: '{alertname="WarmUpHighErrorRate"}'
                confirm:
                  query: 'job:http_error_ratio:rate5s{job="{{ .job }}"}'
                  step: 5s
                target: {kind: http, url: http://127.0.0.1:9/restart}
                actions: [{type: http}]
                mode: shadow
              - name: missing-metric
                match: '{alertname="Never"}'
                confirm:
                  query: 'absent_metric'
                target: {kind: http, url: http://127.0.0.1:9/restart}
                actions: [{type: http}]
                mode: shadow
            """;

    public static class FakeScorer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            try {
                Path playbooks = Files.createTempFile("playbooks", ".yml");
                Files.writeString(playbooks, PLAYBOOKS);
                return Map.of("selfheal.scorer.url", scorer.baseUrl(), "selfheal.playbooks", playbooks.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            scorer.stop();
        }
    }

    @Inject
    ScorerWarmUp warmUp;

    private static int trainRequests() {
        return scorer.findAll(postRequestedFor(urlEqualTo("/api/v1/models/train"))).size();
    }

    @Test
    void confirmSeriesAreReplayedBeforeAlertsAndTemplatedOnesOnceAnAlertNamesThem() {
        scorer.stubFor(post(urlEqualTo("/api/v1/models/train")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"models\":[]}")));
        scorer.stubFor(post(urlEqualTo("/api/v1/models/train")).withRequestBody(equalToJson("{\"query\":\"absent_metric\",\"step\":\"15s\"}"))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"no_data\",\"message\":\"the query returned no series\"}")));

        warmUp.warmUp();
        scorer.verify(1, postRequestedFor(urlEqualTo("/api/v1/models/train"))
                .withRequestBody(equalToJson("{\"query\":\"sum(queue_depth)\",\"step\":\"30s\"}")));
        scorer.verify(1, postRequestedFor(urlEqualTo("/api/v1/models/train"))
                .withRequestBody(equalToJson("{\"query\":\"absent_metric\",\"step\":\"15s\"}")));
        assertThat(trainRequests()).as("the templated query names no series yet").isEqualTo(2);
        assertThat(warmUp.accepted()).containsExactly(new ConfirmSeries.Query("sum(queue_depth)", Duration.ofSeconds(30)));

        Alerts.fire(Map.of("alertname", "WarmUpHighErrorRate", "job", "checkout"), "2026-12-02T01:00:00Z");
        Alerts.fire(Map.of("alertname", "WarmUpHighErrorRate", "job", "cart"), "2026-12-02T01:00:00Z");
        Alerts.fire(Map.of("alertname", "Unrelated", "job", "other"), "2026-12-02T01:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            warmUp.warmUp();
            return warmUp.accepted().size() == 3;
        });
        assertThat(warmUp.accepted()).contains(
                new ConfirmSeries.Query("job:http_error_ratio:rate5s{job=\"checkout\"}", Duration.ofSeconds(5)),
                new ConfirmSeries.Query("job:http_error_ratio:rate5s{job=\"cart\"}", Duration.ofSeconds(5)));
        scorer.verify(1, postRequestedFor(urlEqualTo("/api/v1/models/train"))
                .withRequestBody(equalToJson("{\"query\":\"job:http_error_ratio:rate5s{job=\\\"checkout\\\"}\",\"step\":\"5s\"}")));

        int before = trainRequests();
        warmUp.warmUp();
        assertThat(trainRequests()).as("only the refused query is asked again").isEqualTo(before + 1);
        scorer.verify(postRequestedFor(urlEqualTo("/api/v1/models/train"))
                .withRequestBody(equalToJson("{\"query\":\"sum(queue_depth)\",\"step\":\"30s\"}")));
        scorer.verify(1, postRequestedFor(urlEqualTo("/api/v1/models/train"))
                .withRequestBody(equalToJson("{\"query\":\"sum(queue_depth)\",\"step\":\"30s\"}")));
    }
}
