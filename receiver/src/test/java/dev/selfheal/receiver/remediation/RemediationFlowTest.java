package dev.selfheal.receiver.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Alerts.remediation;
import static dev.selfheal.receiver.support.Alerts.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.PagerDutyMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline against WireMock stand-ins for the scorer, the HTTP target and PagerDuty:
 * decide → act → verify → heal or go on with the chain → escalate; approvals; the kill switch;
 * a resolved alert cancelling what has not run. Every PagerDuty body is checked against the
 * Events v2 contract.
 */
@QuarkusTest
@TestProfile(RemediationFlowTest.Profile.class)
@QuarkusTestResource(value = RemediationFlowTest.World.class, restrictToAnnotatedClass = true)
class RemediationFlowTest {

    @jakarta.inject.Inject
    dev.selfheal.receiver.pipeline.PipelineWorker pipelineWorker;

    static final String KEY = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY42";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S", "selfheal.pagerduty.poll-every", "PT0.2S",
                    "selfheal.approvals.check-every", "PT0.2S",
                    "selfheal.pagerduty.routing-key", KEY, "selfheal.pagerduty.public-url", "http://selfheal.test:8080");
        }
    }

    public static class World implements QuarkusTestResourceLifecycleManager {
        static WireMockServer world;
        static PagerDutyMock pagerduty;

        @Override
        public Map<String, String> start() {
            world = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            world.start();
            pagerduty = new PagerDutyMock().start();
            stubs();
            try {
                Path playbooks = Files.createTempFile("playbooks", ".yml");
                Files.writeString(playbooks, """
                        http:
                          allow: [BASE/]
                          allowPrivate: [localhost]
                        playbooks:
                          - name: heal
                            match: '{alertname="Heal"}'
                            confirm: {query: 'heal_metric{job="{{ .job }}"}', step: 5s}
                            target: {kind: http, url: BASE/heal}
                            actions: [{type: http}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: scorer, timeout: 10s}
                          - name: chain
                            match: '{alertname="Chain"}'
                            confirm: {query: 'chain_metric{job="{{ .job }}"}'}
                            target: {kind: http, url: BASE/chain}
                            actions: [{type: http}, {type: http}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: scorer, timeout: 10s}
                          - name: scorer-down
                            match: '{alertname="ScorerDown"}'
                            confirm: {query: 'down_metric{job="{{ .job }}"}', onScorerUnavailable: page}
                            target: {kind: http, url: BASE/down}
                            actions: [{type: http}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                          - name: approve
                            match: '{alertname="Approve"}'
                            confirm: {query: 'approve_metric{job="{{ .job }}"}'}
                            target: {kind: http, url: BASE/approve}
                            actions: [{type: http}]
                            mode: approve
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: resolved, timeout: 10s}
                        """.replace("BASE", world.baseUrl()));
                return Map.of("selfheal.scorer.url", world.baseUrl(), "selfheal.playbooks", playbooks.toString(),
                        "selfheal.pagerduty.url", pagerduty.url());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void stubs() {
            String anomalous = "{\"verdict\":{\"anomalous\":true,\"score\":0.95,\"threshold\":0.5},"
                    + "\"results\":[{\"score\":0.95,\"anomalous\":true,\"model\":{\"id\":\"m-42\",\"version\":3,"
                    + "\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"outside the band\"}}]}";
            String normal = "{\"verdict\":{\"anomalous\":false,\"score\":0.1,\"threshold\":0.5},\"results\":[{\"anomalous\":false,\"score\":0.1,\"model\":{\"id\":\"m-7\",\"version\":1,\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"the value is outside the LSTM forecast band\"}}]}";
            // heal: anomalous when deciding, normal when verifying
            world.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing("heal_metric"))
                    .inScenario("heal").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("confirmed")
                    .willReturn(json(anomalous)));
            world.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing("heal_metric"))
                    .inScenario("heal").whenScenarioStateIs("confirmed").willReturn(json(normal)));
            world.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing("chain_metric"))
                    .willReturn(json(anomalous)));
            world.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing("approve_metric"))
                    .willReturn(json(anomalous)));
            world.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing("down_metric"))
                    .willReturn(aResponse().withStatus(500).withBody("scorer trouble")));
            world.stubFor(post(urlEqualTo("/heal")).willReturn(aResponse().withStatus(200)));
            world.stubFor(post(urlEqualTo("/approve")).willReturn(aResponse().withStatus(200)));
            // chain: the first action fails (500), the second succeeds but does not heal
            world.stubFor(post(urlEqualTo("/chain")).inScenario("chain").whenScenarioStateIs(Scenario.STARTED)
                    .willSetStateTo("second").willReturn(aResponse().withStatus(500)));
            world.stubFor(post(urlEqualTo("/chain")).inScenario("chain").whenScenarioStateIs("second")
                    .willReturn(aResponse().withStatus(200)));
        }

        static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
            return aResponse().withHeader("Content-Type", "application/json").withBody(body);
        }

        @Override
        public void stop() {
            world.stop();
            pagerduty.stop();
        }
    }

    private static List<LoggedRequest> eventsFor(long episodeId) {
        return World.pagerduty.requests().stream()
                .filter(r -> PagerDutyMock.json(r).path("payload").path("custom_details").path("episode").asLong()
                        == episodeId).toList();
    }

    private static List<String> kinds(List<LoggedRequest> events) {
        return events.stream().map(r -> r.getUrl().endsWith("/change/enqueue") ? "change"
                : PagerDutyMock.json(r).path("event_action").asText()).toList();
    }

    @Test
    void aConfirmedAlertIsRemediatedOnceVerifiedHealedAndAudited() {
        Map<String, String> labels = Map.of("alertname", "Heal", "job", "shop", "severity", "critical");
        long id = Alerts.fire(labels, "2026-11-28T03:00:00Z");

        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("HEALED"));
        Map<String, Object> decision = timeline(id, "decision").get(0);
        assertThat(decision.get("status")).isEqualTo("REMEDIATE");
        assertThat(decision.get("score")).isEqualTo(0.95f);
        assertThat((String) decision.get("reason")).contains("the scorer confirms");
        Map<String, Object> action = timeline(id, "action").get(0);
        assertThat(action.get("status")).isEqualTo("SUCCEEDED");
        assertThat(action.get("after")).isEqualTo("HTTP 200");
        Map<String, Object> verification = timeline(id, "verification").get(0);
        assertThat(verification.get("status")).isEqualTo("healed");
        assertThat((String) verification.get("reason")).contains("the scorer says normal");
        World.world.verify(1, postRequestedFor(urlEqualTo("/heal")));

        // the audit: one trigger, one change event, one resolve, all for one incident
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(eventsFor(id)).size() == 3);
        List<LoggedRequest> events = eventsFor(id);
        assertThat(kinds(events)).containsExactly("trigger", "change", "resolve");
        String dedup = PagerDutyMock.json(events.get(0)).path("dedup_key").asText();
        assertThat(dedup).hasSize(64);
        assertThat(PagerDutyMock.json(events.get(2)).path("dedup_key").asText()).isEqualTo(dedup);
        assertThat(PagerDutyMock.json(events.get(0)).path("payload").path("severity").asText()).isEqualTo("warning");
        assertThat(PagerDutyMock.json(events.get(0)).path("routing_key").asText()).isEqualTo(KEY);
        assertThat(PagerDutyMock.json(events.get(0)).path("links").toString())
                .contains("http://prometheus.test/graph", "http://alertmanager.test:9093",
                        "http://selfheal.test:8080/episodes/" + id);
        assertThat(PagerDutyMock.json(events.get(0)).path("payload").path("custom_details").path("scores").path("model")
                .asText()).isEqualTo("READY model m-42 v3");
        assertThat(PagerDutyMock.json(events.get(0)).path("payload").path("custom_details").path("event").asText())
                .isEqualTo("decision:heal");
        assertThat(PagerDutyMock.json(events.get(1)).path("payload").path("custom_details").path("action")
                .path("result").asText()).isEqualTo("SUCCEEDED");
        assertThat(World.pagerduty.violations()).isEmpty();

        // a re-sent alert changes nothing
        Alerts.fire(labels, "2026-11-28T03:00:00Z");
        dev.selfheal.receiver.support.Passes.awaitTwo(pipelineWorker); // every due item looked at twice
        World.world.verify(1, postRequestedFor(urlEqualTo("/heal")));
        assertThat(eventsFor(id)).hasSize(3);
        // the episode's own view of the events, without the key
        String outbox = Api.authed().get("/api/v1/pagerduty/outbox?episode=" + id).then().statusCode(200)
                .extract().asString();
        assertThat(outbox).contains("DELIVERED").doesNotContain(KEY);
        assertThat(Api.authed().get("/api/v1/episodes/" + id).then().extract().asString()).doesNotContain(KEY);
    }

    @Test
    void aFailedActionGoesOnWithTheChainAndAnUnhealedOneEscalates() {
        Map<String, String> labels = Map.of("alertname", "Chain", "job", "shop");
        long id = Alerts.fire(labels, "2026-11-28T03:00:00Z");

        await().atMost(Duration.ofSeconds(30)).until(() -> remediation(id).equals("ESCALATED"));
        List<Map<String, Object>> actions = timeline(id, "action");
        assertThat(actions).extracting(a -> a.get("status")).containsExactly("FAILED", "SUCCEEDED");
        assertThat((String) actions.get(0).get("reason")).contains("answered 500");
        assertThat(timeline(id, "verification")).extracting(v -> v.get("status")).containsExactly("not-healed");
        assertThat((String) timeline(id, "remediation").get(0).get("reason")).contains("escalated to a human");
        World.world.verify(2, postRequestedFor(urlEqualTo("/chain")));

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsFor(id).size() == 4);
        List<LoggedRequest> events = eventsFor(id);
        assertThat(kinds(events)).containsExactly("trigger", "change", "change", "trigger");
        assertThat(PagerDutyMock.json(events.get(3)).path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(PagerDutyMock.json(events.get(3)).path("dedup_key").asText())
                .isEqualTo(PagerDutyMock.json(events.get(0)).path("dedup_key").asText());
        assertThat(World.pagerduty.violations()).isEmpty();
    }

    @Test
    void approvingTwiceRunsOnceAndTheResolvedAlertHealsIt() throws Exception {
        Map<String, String> labels = Map.of("alertname", "Approve", "job", "shop");
        long id = Alerts.fire(labels, "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("AWAITING_APPROVAL"));
        long action = ((Number) timeline(id, "remediation").get(0).get("id")).longValue();
        assertThat(Api.authed().get("/api/v1/actions").then().statusCode(200).extract().asString())
                .contains("\"id\":" + action);

        // Alertmanager's token may read but not approve; a viewer neither
        Api.authed().post("/api/v1/actions/" + action + "/approve").then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
        io.restassured.RestAssured.given().auth().preemptive().basic("val", "viewer-pass")
                .post("/api/v1/actions/" + action + "/approve").then().statusCode(403);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() ->
                Api.operator().post("/api/v1/actions/" + action + "/approve").statusCode());
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() ->
                Api.operator().post("/api/v1/actions/" + action + "/approve").statusCode());
        assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(200, 409);
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("VERIFYING"));
        World.world.verify(1, postRequestedFor(urlEqualTo("/approve")));

        Alerts.resolve(labels, "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("HEALED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(eventsFor(id)).contains("resolve"));
        // the approval is a change event that names the operator; then the action's own
        assertThat(kinds(eventsFor(id))).containsExactly("trigger", "change", "change", "resolve");
        assertThat(PagerDutyMock.json(eventsFor(id).get(1)).path("payload").path("summary").asText())
                .contains("approved by ops");
        assertThat(timeline(id, "remediation").get(0).get("reason").toString()).contains("approved by ops");
        assertThat(PagerDutyMock.json(eventsFor(id).get(0)).path("payload").path("severity").asText())
                .isEqualTo("critical"); // approval needed: a human is paged
        World.world.verify(1, postRequestedFor(urlEqualTo("/approve")));
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** An approval past its deadline expires on the schedule, without anyone trying to approve it. */
    @Test
    void anApprovalPastItsDeadlineExpiresOnItsOwn() throws Exception {
        Map<String, String> labels = Map.of("alertname", "Approve", "job", "expiry");
        long id = Alerts.fire(labels, "2026-11-28T05:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("AWAITING_APPROVAL"));
        long action = ((Number) timeline(id, "remediation").get(0).get("id")).longValue();
        assertThat(Api.authed().get("/api/v1/actions").then().extract().jsonPath().getList("actions.id", Long.class))
                .contains(action);
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(
                "UPDATE remediation SET created_at = created_at - INTERVAL '2' HOUR WHERE id = ?")) {
            ps.setLong(1, action);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> remediation(id).equals("EXPIRED"));
        assertThat(Api.authed().get("/api/v1/actions").then().extract().jsonPath().getList("actions.id", Long.class))
                .doesNotContain(action);
        Api.operator().post("/api/v1/actions/" + action + "/approve").then().statusCode(409);
        assertThat(timeline(id, "remediation").get(0).toString()).contains("the approval expired after 1h");
        World.world.verify(0, postRequestedFor(urlEqualTo("/approve")).withHeader("Idempotency-Key",
                containing("episode-" + id + "-")));
    }

    @Test
    void aResolvedAlertCancelsAPendingApprovalAndRejectingLaterIsAConflict() {
        Map<String, String> labels = Map.of("alertname", "Approve", "job", "cart");
        long id = Alerts.fire(labels, "2026-11-28T04:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("AWAITING_APPROVAL"));
        long action = ((Number) timeline(id, "remediation").get(0).get("id")).longValue();

        Alerts.resolve(labels, "2026-11-28T04:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("CANCELLED"));
        Api.operator().post("/api/v1/actions/" + action + "/approve").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("conflict"));
        Api.operator().post("/api/v1/actions/999999/approve").then().statusCode(404);
        Api.operator().post("/api/v1/actions/abc/reject").then().statusCode(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(eventsFor(id)).contains("resolve"));
        assertThat(kinds(eventsFor(id))).containsExactly("trigger", "resolve");
        World.world.verify(0, postRequestedFor(urlEqualTo("/approve")).withHeader("Idempotency-Key",
                containing("episode-" + id + "-")));
    }

    @Test
    void aScorerThatFailsMeansNoActionAndACriticalPage() {
        Map<String, String> labels = Map.of("alertname", "ScorerDown", "job", "shop");
        long id = Alerts.fire(labels, "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> !timeline(id, "decision").isEmpty());
        Map<String, Object> decision = timeline(id, "decision").get(0);
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("the scorer is unavailable", "policy: page");
        assertThat(remediation(id)).isEqualTo("none");
        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsFor(id).isEmpty());
        assertThat(PagerDutyMock.json(eventsFor(id).get(0)).path("payload").path("severity").asText()).isEqualTo("critical");
        World.world.verify(0, postRequestedFor(urlEqualTo("/down")));
    }

    @Test
    void theKillSwitchPagesInsteadOfActing() {
        Api.operator().post("/api/v1/pause").then().statusCode(200).body("paused", org.hamcrest.Matchers.equalTo(true));
        try {
            Map<String, String> labels = Map.of("alertname", "Chain", "job", "paused");
            long id = Alerts.fire(labels, "2026-11-28T05:00:00Z");
            await().atMost(Duration.ofSeconds(20)).until(() -> !timeline(id, "decision").isEmpty());
            assertThat(timeline(id, "decision").get(0).get("status")).isEqualTo("PAGE_ONLY");
            assertThat((String) timeline(id, "decision").get(0).get("reason")).contains("paused");
            assertThat(remediation(id)).isEqualTo("none");
            assertThat(timeline(id, "action")).isEmpty();
        } finally {
            Api.operator().post("/api/v1/resume").then().statusCode(200).body("paused", org.hamcrest.Matchers.equalTo(false));
        }
    }
}
