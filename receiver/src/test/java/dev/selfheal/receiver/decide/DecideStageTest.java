package dev.selfheal.receiver.decide;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Api.episode;
import static dev.selfheal.receiver.support.Api.episodes;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.support.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A firing alert goes through match, confirm and decide asynchronously from durable work: each
 * matching playbook's decision lands once in the episode's timeline, with the scorer's score.
 */
@QuarkusTest
@TestProfile(DecideStageTest.Profile.class)
@QuarkusTestResource(value = DecideStageTest.FakeScorer.class, restrictToAnnotatedClass = true)
class DecideStageTest {

    @jakarta.inject.Inject
    dev.selfheal.receiver.pipeline.PipelineWorker pipelineWorker;

    static WireMockServer scorer;
    /** The scorer answers only requests with its token (SELFHEAL_SCORER_TOKEN): the receiver must send it. */
    static final String SCORER_TOKEN = "decide-test-scorer-token";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S");
        }
    }

    public static class FakeScorer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            answer("error_ratio", true, 0.93, "m-7", 1, null, "the value is outside the LSTM forecast band");
            answer("disk_usage_ratio{job", true, 0.88, "m-9", 1, 3.0, "the value is outside the LSTM forecast band");
            answer("queue_depth{job", true, 0.77, "m-10", 1, 2.0, "the value is outside the LSTM forecast band");
            answer("latency", false, 0.21, "m-7", 1, null, "the value is outside the LSTM forecast band");
            answer("checkout_latency{job", false, 0.12, "m-11", 1, 0.4, "the value is inside the forecast band");
            // confirm.persist: one series still outside its band at the decision, one back inside it
            answer("burst_ratio{job=\\\"lasting\\\"}", true, 0.2, "m-8", 2, 2.5, "an anomalous event is open");
            answer("burst_ratio{job=\\\"over\\\"}", true, 0.2, "m-8", 2, 0.4, "an anomalous event is open");
            answer("burst_ratio{job=\\\"gone\\\"}", true, 0.2, "m-8", 2, 0.3, "an anomalous event is open");
            answer("burst_ratio{job=\\\"stays\\\"}", true, 0.2, "m-8", 2, 2.2, "an anomalous event is open");
            scorer.stubFor(post(urlEqualTo("/admin/restart")).willReturn(aResponse().withStatus(202)));
            try {
                // The playbooks name this server as the allow-listed HTTP target.
                java.nio.file.Path playbooks = java.nio.file.Files.createTempFile("playbooks", ".yml");
                java.nio.file.Files.writeString(playbooks, java.nio.file.Files.readString(
                        java.nio.file.Path.of("src/test/resources/playbooks-decide-test.yml"))
                        .replace("http://127.0.0.1:9/", scorer.baseUrl() + "/admin/"));
                return Map.of("selfheal.scorer.url", scorer.baseUrl(), "selfheal.playbooks", playbooks.toString(),
                        "selfheal.scorer.token", SCORER_TOKEN);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The scorer's answer to a request whose body contains {@code match}: one READY series. */
        private static void answer(String match, boolean anomalous, double score, String model, int version,
                                   Double ratio, String reason) {
            String result = "{\"anomalous\":%s,\"score\":%s,\"model\":{\"id\":\"%s\",\"version\":%d,\"status\":\"READY\"},"
                    .formatted(anomalous, score, model, version)
                    + "\"decision\":{\"component\":\"lstm\"," + (ratio == null ? "" : "\"ratio\":" + ratio + ",")
                    + "\"reason\":\"" + reason + "\"}}";
            scorer.stubFor(post(urlEqualTo("/api/v1/score")).withRequestBody(containing(match))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                            "Bearer " + SCORER_TOKEN))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                            "{\"verdict\":{\"anomalous\":%s,\"score\":%s,\"threshold\":0.5},\"results\":[%s]}"
                                    .formatted(anomalous, score, result))));
        }

        @Override
        public void stop() {
            scorer.stop();
        }
    }

    private static List<Map<String, Object>> decisions(Object episodeId) {
        return timeline(episodeId, "decision");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> timeline(Object episodeId, String kind) {
        return ((List<Map<String, Object>>) episode(episodeId).get("timeline")).stream()
                .filter(t -> kind.equals(t.get("kind"))).toList();
    }

    @Test
    void eachMatchingPlaybookDecidesOnceWithTheScorersVerdict() {
        postWebhook(Fixtures.webhook("01-prom-HighErrorRate-firing-single", "decide")).then().statusCode(200);
        postWebhook(Fixtures.webhook("05-prom-HighLatencyP95-firing", "decide")).then().statusCode(200);
        List<Map<String, Object>> all = episodes("decide");
        Object errors = all.stream().filter(e -> "HighErrorRate".equals(e.get("alertname"))).findFirst().orElseThrow()
                .get("id");
        Object latency = all.stream().filter(e -> "HighLatencyP95".equals(e.get("alertname"))).findFirst().orElseThrow()
                .get("id");

        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(errors).size() == 2 && decisions(latency).size() == 1);

        Map<String, Object> auto = decisions(errors).stream().filter(d -> "errors-auto".equals(d.get("playbook")))
                .findFirst().orElseThrow();
        assertThat(auto.get("status")).isEqualTo("REMEDIATE");
        assertThat(auto.get("score")).isEqualTo(0.93f);
        assertThat(auto.get("query")).isEqualTo("job:http_error_ratio:rate5s{job=\"fakeapp\"}");
        // the scorer's explanation is kept with the decision and shown by the episode API
        assertThat(auto.get("model")).isEqualTo("READY model m-7 v1");
        assertThat(((Map<String, Object>) ((Map<String, Object>) auto.get("scorer")).get("decision")).get("reason"))
                .isEqualTo("the value is outside the LSTM forecast band");
        Map<String, Object> missing = decisions(errors).stream()
                .filter(d -> "errors-needs-namespace".equals(d.get("playbook"))).findFirst().orElseThrow();
        assertThat(missing.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) missing.get("reason")).contains("no label 'namespace'");
        assertThat(missing).doesNotContainKey("score");
        Map<String, Object> shadow = decisions(latency).get(0);
        assertThat(shadow.get("status")).isEqualTo("SUPPRESSED");
        assertThat((String) shadow.get("reason")).contains("normal (score 0.21");

        // the REMEDIATE decision ran its HTTP action once, recorded before and after
        await().atMost(Duration.ofSeconds(20)).until(() -> !timeline(errors, "action").isEmpty()
                && "SUCCEEDED".equals(timeline(errors, "action").get(0).get("status")));
        Map<String, Object> action = timeline(errors, "action").get(0);
        assertThat(action.get("playbook")).isEqualTo("errors-auto");
        assertThat((String) action.get("reason")).contains("answered 202");
        assertThat((String) action.get("target")).startsWith("http " + scorer.baseUrl() + "/admin/restart");
        scorer.verify(1, postRequestedFor(urlEqualTo("/admin/restart"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.containing("errors-auto")));
        assertThat(timeline(latency, "action")).isEmpty();

        // a re-sent webhook does not decide again
        postWebhook(Fixtures.webhook("01-prom-HighErrorRate-firing-single", "decide")).then().statusCode(200);
        int calls = scorer.countRequestsMatching(postRequestedFor(urlEqualTo("/api/v1/score")).build()).getCount();
        dev.selfheal.receiver.support.Passes.awaitTwo(pipelineWorker); // every due item looked at twice
        assertThat(decisions(errors)).hasSize(2);
        scorer.verify(1, postRequestedFor(urlEqualTo("/admin/restart")));
        assertThat(scorer.countRequestsMatching(postRequestedFor(urlEqualTo("/api/v1/score")).build()).getCount())
                .isEqualTo(calls);
    }

    /**
     * confirm.persist 2s: nothing asks the scorer before the episode is 2 s old; the decision then
     * asks once, woken on time (not at a poll tick), records when the wait ended, and confirms
     * only the series still outside its normal band.
     */
    @Test
    void aPersistenceWaitDecidesOnceTheEpisodeIsOldEnoughOnWhetherTheSeriesIsStillOutsideItsBand() {
        long lasting = dev.selfheal.receiver.support.Alerts.fire(Map.of("alertname", "BurstErrors", "job", "lasting"),
                "2026-12-02T10:00:00Z");
        long over = dev.selfheal.receiver.support.Alerts.fire(Map.of("alertname", "BurstErrors", "job", "over"),
                "2026-12-02T10:00:01Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(lasting).size() == 1 && decisions(over).size() == 1);

        for (long id : new long[] {lasting, over}) {
            java.time.Instant created = java.time.Instant.parse((String) episode(id).get("createdAt"));
            Map<String, Object> d = decisions(id).get(0);
            java.time.Instant waited = java.time.Instant.parse((String) d.get("waitedUntil"));
            java.time.Instant decided = java.time.Instant.parse((String) d.get("at"));
            assertThat(waited).isEqualTo(created.plusSeconds(2));
            assertThat(decided).isAfterOrEqualTo(waited).isBefore(waited.plusMillis(900)); // woken on time
        }
        assertThat(decisions(lasting).get(0).get("status")).isEqualTo("REMEDIATE");
        Map<String, Object> suppressed = decisions(over).get(0);
        assertThat(suppressed.get("status")).isEqualTo("SUPPRESSED");
        assertThat((String) suppressed.get("reason")).contains("back in its normal band after the 2s persistence wait",
                "deviation 0.40×", "an anomalous event is open");
        // the scorer was asked once per episode, and only after its wait
        for (String job : new String[] {"lasting", "over"}) {
            var asked = scorer.findAll(postRequestedFor(urlEqualTo("/api/v1/score"))
                    .withRequestBody(containing("burst_ratio{job=\\\"" + job + "\\\"}")));
            assertThat(asked).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !timeline(lasting, "action").isEmpty());
        assertThat(timeline(over, "action")).isEmpty();
    }

    /**
     * An alert that resolves during its persistence wait still gets its decision when the wait
     * ends, recorded with the scorer's words: SUPPRESSED when the scorer finds the series back in
     * its band, IGNORE (resolved) when it does not; nothing runs either way.
     */
    @Test
    void anAlertResolvedDuringThePersistenceWaitIsDecidedWhenTheWaitEndsAndNothingRuns() {
        Map<String, String> gone = Map.of("alertname", "BurstErrors", "job", "gone");
        Map<String, String> stays = Map.of("alertname", "BurstErrors", "job", "stays");
        long goneId = dev.selfheal.receiver.support.Alerts.fire(gone, "2026-12-02T11:00:00Z");
        long staysId = dev.selfheal.receiver.support.Alerts.fire(stays, "2026-12-02T11:00:01Z");
        dev.selfheal.receiver.support.Alerts.resolve(gone, "2026-12-02T11:00:00Z");
        dev.selfheal.receiver.support.Alerts.resolve(stays, "2026-12-02T11:00:01Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(goneId).size() == 1 && decisions(staysId).size() == 1);

        Map<String, Object> suppressed = decisions(goneId).get(0);
        assertThat(suppressed.get("status")).isEqualTo("SUPPRESSED");
        assertThat((String) suppressed.get("reason")).contains("back in its normal band after the 2s persistence wait");
        assertThat(suppressed.get("waitedUntil")).isNotNull();
        Map<String, Object> ignored = decisions(staysId).get(0);
        assertThat(ignored.get("status")).isEqualTo("IGNORE");
        assertThat((String) ignored.get("reason")).isEqualTo(
                "the alert resolved during the 2s persistence wait; the scorer: an anomalous event is open");
        // no remediation was created, so no action can follow (an action is recorded before it runs)
        assertThat(timeline(goneId, "remediation")).isEmpty();
        assertThat(timeline(staysId, "remediation")).isEmpty();
        assertThat(timeline(goneId, "action")).isEmpty();
        assertThat(timeline(staysId, "action")).isEmpty();
    }

    /**
     * A test alert ({@code selfheal_test="true"}), posted by {@code ./selfheal alert} as
     * Alertmanager would: every matching playbook decides as in shadow mode, so the auto playbook
     * that would restart the target records SHADOW with what it would run, and the playbook that
     * would page (its confirm query cannot be rendered) sends nothing to PagerDuty. The decision,
     * any remediation and any PagerDuty event are written in one transaction, so once the
     * decisions are there their absence is final.
     */
    @Test
    void aTestAlertDecidesAsInShadowAndNothingRunsOrPages() throws Exception {
        String receiver = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        Map<String, String> env = Map.of("SELFHEAL_RECEIVER_URL", receiver, "SELFHEAL_WEBHOOK_TOKEN",
                dev.selfheal.receiver.support.Api.TOKEN);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = dev.selfheal.receiver.cli.AlertMainAccess.run(new String[] {"DiskFull", "job=fakeapp",
                "run=test-alert"}, env, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("(test: nothing runs)").contains("disk-auto: SHADOW (score 0.88)")
                .contains("would run http on " + scorer.baseUrl() + "/admin/restart-disk");

        Map<String, Object> ep = dev.selfheal.receiver.support.Api.authed().get("/api/v1/episodes?limit=1000").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("episodes").stream()
                .filter(e -> "test-alert".equals(((Map<?, ?>) e.get("labels")).get("run"))).findFirst().orElseThrow();
        assertThat(ep.get("test")).isEqualTo(true);
        Object id = ep.get("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(id).size() == 2);
        assertThat(decisions(id)).extracting(d -> d.get("playbook") + " " + d.get("status"))
                .containsExactlyInAnyOrder("disk-auto SHADOW", "disk-needs-namespace PAGE_ONLY");
        assertThat(decisions(id)).allSatisfy(d -> assertThat((String) d.get("reason"))
                .startsWith("test alert (selfheal_test=\"true\"), decided as in shadow mode"));
        assertThat(dev.selfheal.receiver.support.Api.authed().get("/api/v1/pagerduty/outbox?episode=" + id).then()
                .statusCode(200).extract().jsonPath().getList("events")).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) episode(id).get("timeline");
        assertThat(timeline).extracting(t -> t.get("kind")).containsOnly("delivery", "decision");

        out.reset();
        assertThat(dev.selfheal.receiver.cli.AlertMainAccess.run(new String[] {"DiskFull", "job=fakeapp",
                "run=test-alert", "--resolve"}, env, new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8))).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> "resolved".equals(episode(id).get("status")));
    }

    private static String alert(Map<String, String> env, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = dev.selfheal.receiver.cli.AlertMainAccess.run(args, env, new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        return printed;
    }

    /**
     * A shadow playbook is held back where auto mode would have been: its own earlier would-run on
     * the same target starts the cooldown (a test alert's never does), and the shadow report counts
     * one would-run, the decision held back, and the alert that resolved with nothing run.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shadowModeCountsItsWouldRunsForCooldownAndTheReportSaysWhatAutoWouldHaveDone() {
        String receiver = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        Map<String, String> env = Map.of("SELFHEAL_RECEIVER_URL", receiver, "SELFHEAL_WEBHOOK_TOKEN",
                dev.selfheal.receiver.support.Api.TOKEN);
        assertThat(alert(env, "QueueHigh", "job=fakeapp", "instance=t")).contains("queue-shadow: SHADOW");
        assertThat(alert(env, "QueueHigh", "job=fakeapp", "instance=a", "--live"))
                .contains("(live)").contains("queue-shadow: SHADOW (score 0.77)")
                .contains("would run http on " + scorer.baseUrl() + "/admin/restart-queue");
        assertThat(alert(env, "QueueHigh", "job=fakeapp", "instance=b", "--live"))
                .contains("queue-shadow: SUPPRESSED").contains("cooldown: the last action on this target");
        alert(env, "QueueHigh", "job=fakeapp", "instance=a", "--live", "--resolve");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> mine = shadowReport("1h");
            return mine != null && ((Number) mine.get("resolvedWithoutAction")).intValue() == 1;
        });
        Map<String, Object> mine = shadowReport("1h");
        assertThat(mine.get("mode")).isEqualTo("shadow");
        assertThat(mine.get("wouldRun")).isEqualTo(1);
        assertThat((Map<String, Object>) mine.get("targets")).containsOnly(
                Map.entry(scorer.baseUrl() + "/admin/restart-queue", 1));
        assertThat((Map<String, Object>) mine.get("heldBack")).containsOnly(Map.entry("suppressed", 1));
        assertThat(((Map<String, Object>) mine.get("scores")).get("max")).isEqualTo(0.77f);
        dev.selfheal.receiver.support.Api.authed().get("/api/v1/shadow?since=last week").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid_parameter"));
    }

    /**
     * pagerdutyOnSuppressed: the scorer's suppression of a live alert is sent to PagerDuty as an
     * info trigger (the team routes that alert to selfheal only), resolved with the alert; the
     * latency playbook without the option sent nothing for its suppression.
     */
    @Test
    void aSuppressionIsAnInfoEventWhenThePlaybookAsksAndNothingOtherwise() {
        String receiver = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        Map<String, String> env = Map.of("SELFHEAL_RECEIVER_URL", receiver, "SELFHEAL_WEBHOOK_TOKEN",
                dev.selfheal.receiver.support.Api.TOKEN);
        assertThat(alert(env, "SlowCheckout", "job=fakeapp", "run=suppressed-info", "--live"))
                .contains("checkout-tell-pagerduty: SUPPRESSED");
        Object id = dev.selfheal.receiver.support.Api.authed().get("/api/v1/episodes?limit=1000").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("episodes").stream()
                .filter(e -> "suppressed-info".equals(((Map<?, ?>) e.get("labels")).get("run"))).findFirst()
                .orElseThrow().get("id");
        List<Map<String, Object>> events = outbox(id);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("cause")).isEqualTo("suppressed:checkout-tell-pagerduty");
            assertThat(e.get("eventAction")).isEqualTo("trigger");
            Map<?, ?> payload = (Map<?, ?>) ((Map<?, ?>) e.get("body")).get("payload");
            assertThat(payload.get("severity")).isEqualTo("info");
            assertThat((String) payload.get("summary")).contains("suppressed by the scorer, nothing run");
            assertThat(payload.get("custom_details").toString()).contains("inside the forecast band");
        });
        alert(env, "SlowCheckout", "job=fakeapp", "run=suppressed-info", "--live", "--resolve");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox(id).size() == 2);
        assertThat(outbox(id)).extracting(e -> e.get("eventAction")).containsExactly("trigger", "resolve");

        postWebhook(Fixtures.webhook("05-prom-HighLatencyP95-firing", "suppressed-quiet")).then().statusCode(200);
        Object quiet = episodes("suppressed-quiet").get(0).get("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(quiet).size() == 1);
        assertThat(decisions(quiet).get(0).get("status")).isEqualTo("SUPPRESSED");
        assertThat(outbox(quiet)).as("latency-shadow does not ask for it").isEmpty();
    }

    private static List<Map<String, Object>> outbox(Object episodeId) {
        return dev.selfheal.receiver.support.Api.authed().get("/api/v1/pagerduty/outbox?episode=" + episodeId).then()
                .statusCode(200).extract().jsonPath().getList("events");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shadowReport(String since) {
        List<Map<String, Object>> playbooks = dev.selfheal.receiver.support.Api.authed()
                .get("/api/v1/shadow?since=" + since).then().statusCode(200).extract().jsonPath().getList("playbooks");
        return playbooks.stream().filter(p -> "queue-shadow".equals(p.get("playbook"))).findFirst().orElse(null);
    }
}
