package dev.selfheal.receiver.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Alerts.remediation;
import static dev.selfheal.receiver.support.Alerts.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.LogCapture;
import dev.selfheal.receiver.support.SlackMock;
import dev.selfheal.receiver.support.TestPlaybooks;
import dev.selfheal.receiver.support.WireMocks;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slack end to end against a stand-in Web API ({@link SlackMock}): an approval posted with its
 * buttons, chart and links; a click signed as Slack signs it, by a mapped operator, runs the
 * remediation and updates the message naming them; forged, stale, replayed, unmapped and viewer
 * clicks change nothing and get a message only they see; ratelimited waits Retry-After; a channel
 * Slack does not know is a dead delivery in the API; a post in doubt found in conversations.history
 * is not posted again; the bot token is in no answer and no log line.
 */
@QuarkusTest
@TestProfile(SlackFlowTest.Profile.class)
@QuarkusTestResource(value = SlackFlowTest.World.class, restrictToAnnotatedClass = true)
class SlackFlowTest {

    static final String TOKEN = "xoxb-0000-S3CR3T-B0T-T0K3N";
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final AtomicInteger RUN = new AtomicInteger();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S", "selfheal.slack.poll-every", "PT0.2S",
                    "selfheal.slack.signing-secret", SECRET, "selfheal.approvals.check-every", "PT0.2S",
                    "selfheal.pagerduty.public-url", "https://selfheal.test");
        }
    }

    public static class World implements QuarkusTestResourceLifecycleManager {
        static WireMockServer world;
        static SlackMock slack;
        static Path tokenFile;

        @Override
        public Map<String, String> start() {
            world = WireMocks.started();
            slack = new SlackMock().start();
            world.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("{\"verdict\":{\"anomalous\":true,"
                            + "\"score\":0.93,\"threshold\":0.5},\"results\":[{\"score\":0.93,\"anomalous\":true,"
                            + "\"model\":{\"id\":\"m-1\",\"version\":1,\"status\":\"READY\"},"
                            + "\"decision\":{\"component\":\"lstm\",\"reason\":\"outside the band\"}}]}")));
            world.stubFor(post(urlEqualTo("/fix")).willReturn(aResponse().withStatus(200)));
            world.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(500)));
            Path playbooks = TestPlaybooks.file("""
                    http: {allow: [BASE/], allowPrivate: [localhost]}
                    playbooks:
                      - {name: slack-approve, match: '{alertname="SlackApprove"}', mode: approve,
                         confirm: {query: 'slack_metric{job="{{ .job }}"}'}, target: {kind: http, url: BASE/fix},
                         actions: [{type: http}], cooldown: 0s, maxPerHour: 600,
                         verify: {settle: 0s, check: resolved, timeout: 10s},
                         slack: {channel: "#ops", on: [approve, failed, escalated, healed]}}
                      - {name: slack-broken, match: '{alertname="SlackBroken"}', mode: auto,
                         confirm: {query: 'broken_metric{job="{{ .job }}"}'}, target: {kind: http, url: BASE/broken},
                         actions: [{type: http}], cooldown: 0s, maxPerHour: 600,
                         slack: {channel: C0OPS00001, on: [remediate, failed, escalated]}}
                    """.replace("BASE", world.baseUrl()));
            tokenFile = TestPlaybooks.file(TOKEN + "\n");
            return Map.of("selfheal.scorer.url", world.baseUrl(), "selfheal.playbooks", playbooks.toString(),
                    "selfheal.slack.api-url", slack.url(), "selfheal.slack.bot-token-file", tokenFile.toString());
        }

        @Override
        public void stop() {
            world.stop();
            slack.stop();
        }
    }

    @Inject
    Transactions transactions;

    /** An approval waits, and its message is in Slack; its episode and its remediation's id. */
    private long[] awaitingApproval() {
        Map<String, String> labels = Map.of("alertname", "SlackApprove", "job", "shop", "run",
                String.valueOf(RUN.incrementAndGet()));
        String body = Alerts.webhook("firing", labels, "2026-12-05T03:00:00Z").replace("\"summary\":\"test alert\"",
                "\"summary\":\"test alert\",\"runbook_url\":\"https://runbooks.test/shop\",\"dashboard\":\"javascript:alert(1)\"");
        Api.postWebhook(body).then().statusCode(200);
        long id = Alerts.idOf(labels);
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("AWAITING_APPROVAL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> posted(id) != null);
        long action = ((Number) timeline(id, "remediation").get(0).get("id")).longValue();
        return new long[] {id, action};
    }

    /** The chat.postMessage of this episode, or null. */
    private static JsonNode posted(long episode) {
        return World.slack.calls("chat.postMessage").stream().map(SlackMock::json)
                .filter(m -> m.path("metadata").path("event_payload").path("episode").asLong() == episode)
                .findFirst().orElse(null);
    }

    static String payload(String user, String verb, long action) {
        return "{\"type\":\"block_actions\",\"user\":{\"id\":\"" + user + "\",\"username\":\"someone\","
                + "\"team_id\":\"T0TEAM\"},\"api_app_id\":\"A0APP\",\"token\":\"legacy-verification-token\","
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"1764990000.000100\",\"channel_id\":\""
                + SlackMock.CHANNEL_ID + "\"},\"trigger_id\":\"1.2.3\",\"team\":{\"id\":\"T0TEAM\"},"
                + "\"channel\":{\"id\":\"" + SlackMock.CHANNEL_ID + "\",\"name\":\"ops\"},"
                + "\"response_url\":\"https://hooks.slack.test/actions/T0/1/x\",\"actions\":[{\"action_id\":\"" + verb
                + "\",\"block_id\":\"selfheal_approval\",\"value\":\"" + action + "\",\"type\":\"button\","
                + "\"action_ts\":\"" + Instant.now().getEpochSecond() + "." + System.nanoTime() % 1_000_000 + "\"}]}";
    }

    static String form(String payload) {
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** Posts the body as Slack would, signed with {@code secret} at {@code timestamp}. */
    static Response click(String body, long timestamp, String secret) {
        return given().contentType("application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", SlackSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/api/v1/slack/interactions");
    }

    static Response click(String body) {
        return click(body, Instant.now().getEpochSecond(), SECRET);
    }

    private static List<JsonNode> ephemeralsTo(String user) {
        return World.slack.calls("chat.postEphemeral").stream().map(SlackMock::json)
                .filter(m -> user.equals(m.path("user").asText())).toList();
    }

    @Test
    void anApprovalClickedInSlackByAMappedOperatorRunsAndTheMessageSaysWho() {
        long[] waiting = awaitingApproval();
        long id = waiting[0];
        long action = waiting[1];
        JsonNode message = posted(id);
        String text = message.toString();
        assertThat(message.path("channel").asText()).isEqualTo("#ops");
        assertThat(text).contains("approval needed", "SlackApprove", "anomalous, score 0.93", "outside the band",
                "https://selfheal.test/episodes/" + id, "https://runbooks.test/shop|runbook",
                "https://selfheal.test/console/charts/" + id + ".png?exp=")
                .as("a dashboard that is no http(s) link is no link").doesNotContain("javascript:");
        assertThat(text).contains("\"action_id\":\"approve\"", "\"action_id\":\"reject\"", "\"value\":\"" + action + "\"");
        assertThat(World.slack.calls("chat.postMessage").get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);

        click(form(payload("U0OPS1", "approve", action))).then().statusCode(200)
                .time(org.hamcrest.Matchers.lessThan(3000L)); // Slack waits 3 seconds for the answer
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("VERIFYING"));
        assertThat(timeline(id, "action")).extracting(a -> a.get("status")).containsExactly("SUCCEEDED");
        assertThat(timeline(id, "remediation").get(0).get("reason").toString()).contains("approved by ops from Slack");
        await().atMost(Duration.ofSeconds(10)).until(() -> World.slack.calls("chat.update").stream().map(SlackMock::json)
                .anyMatch(u -> u.toString().contains("Approved by ops from Slack") && u.toString().contains("episode " + id)));
        JsonNode update = World.slack.calls("chat.update").stream().map(SlackMock::json)
                .filter(u -> u.toString().contains("episode " + id)).findFirst().orElseThrow();
        assertThat(update.path("channel").asText()).isEqualTo(SlackMock.CHANNEL_ID);
        assertThat(update.path("ts").asText()).isEqualTo("1764990000.000100");
        assertThat(update.toString()).as("the buttons are gone").doesNotContain("action_id");
        assertThat(Api.authed().get("/api/v1/pagerduty/outbox?episode=" + id).asString())
                .as("PagerDuty's change event names the operator and Slack").contains("approved by ops from Slack");
    }

    @Test
    void forgedStaleReplayedUnmappedAndViewerClicksChangeNothing() {
        long[] waiting = awaitingApproval();
        long id = waiting[0];
        String body = form(payload("U0OPS1", "approve", waiting[1]));
        long now = Instant.now().getEpochSecond();
        LogCapture log = LogCapture.open();
        Response forged = click(body, now, "not-the-signing-secret");
        forged.then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("unauthorized"));
        assertThat(forged.asString()).doesNotContain(SECRET, "v0=");
        log.close();
        assertThat(String.join("\n", log.lines())).contains("Slack interaction refused").doesNotContain(SECRET);
        given().contentType("application/x-www-form-urlencoded").body(body).post("/api/v1/slack/interactions").then()
                .statusCode(401);
        // Outside Slack's five minutes either way, by a margin a slow machine cannot eat (the clock is read
        // again: seconds may have passed since `now`).
        click(body, Instant.now().getEpochSecond() - 330, SECRET).then().statusCode(401);
        click(body, Instant.now().getEpochSecond() + 330, SECRET).then().statusCode(401);

        click(form(payload("U0NOBODY", "approve", waiting[1]))).then().statusCode(200);
        click(form(payload("U0VAL1", "approve", waiting[1]))).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ephemeralsTo("U0NOBODY").isEmpty()
                && !ephemeralsTo("U0VAL1").isEmpty());
        assertThat(ephemeralsTo("U0NOBODY").get(0).path("text").asText()).contains("not in selfheal's operators file");
        assertThat(ephemeralsTo("U0VAL1").get(0).path("text").asText()).contains("val, a viewer");
        assertThat(remediation(id)).isEqualTo("AWAITING_APPROVAL");

        // the real click, then the same signed request again
        click(body, now, SECRET).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> remediation(id).equals("VERIFYING"));
        int before = ephemeralsTo("U0OPS1").size();
        click(body, now, SECRET).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ephemeralsTo("U0OPS1").size() > before);
        assertThat(ephemeralsTo("U0OPS1").get(before).path("text").asText()).contains("already received");
        // a new click on a decided approval
        click(form(payload("U0OPS1", "reject", waiting[1]))).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ephemeralsTo("U0OPS1").size() > before + 1);
        assertThat(ephemeralsTo("U0OPS1").get(before + 1).path("text").asText()).contains("already");
        assertThat(timeline(id, "action")).as("run once").hasSize(1);
        assertThat(timeline(id, "remediation").get(0).get("reason").toString()).doesNotContain("rejected");
    }

    /** A row of the outbox for an episode of no playbook, as the audit trail writes it. */
    private long queued(String channel, String cause) {
        return queued(channel, cause, "key-" + cause, false);
    }

    /** ... under this event key; {@code inDoubt}: as a crash mid-post leaves it (claimed, attempted, no answer recorded). */
    private long queued(String channel, String cause, String key, boolean inDoubt) {
        Map<String, String> labels = Map.of("alertname", "SlackOutboxOnly", "run", String.valueOf(RUN.incrementAndGet()));
        long episode = Alerts.fire(labels, "2026-12-05T04:00:00Z");
        return transactions.inTransaction(c -> {
            SlackOutbox.add(c, new SlackOutbox.Message(episode, "none", cause, key, key, SlackOutbox.POST, channel,
                    "{\"channel\":\"" + channel + "\",\"text\":\"" + cause + "\"}"), OffsetDateTime.now(ZoneOffset.UTC));
            if (inDoubt) {
                setNow(c, episode, "in_doubt = TRUE, attempted_at");
            }
            return episode;
        });
    }

    /** Sets the episode's outbox rows as a crash or the passing of time would: {@code set} ends with the column given now. */
    private static int setNow(java.sql.Connection c, long episode, String set) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE slack_outbox SET " + set + " = ? WHERE episode_id = ?")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(2, episode);
            return ps.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outboxOf(long episode) {
        List<Map<String, Object>> messages = Api.authed().get("/api/v1/slack/outbox?episode=" + episode).then()
                .statusCode(200).extract().jsonPath().getList("messages");
        return messages.isEmpty() ? Map.of() : messages.get(0);
    }

    @Test
    void ratelimitedWaitsRetryAfterAndAnUnknownChannelIsDead() {
        World.slack.server.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("#busy"))
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(SlackMock.ratelimited(1)));
        World.slack.server.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("#nowhere"))
                .willReturn(SlackMock.error("channel_not_found")));
        try (LogCapture log = LogCapture.open()) {
            long busy = queued("#busy", "busy");
            long nowhere = queued("#nowhere", "nowhere");
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(outboxOf(busy).get("state")));
            List<LoggedRequest> tries = World.slack.calls("chat.postMessage").stream()
                    .filter(r -> r.getBodyAsString().contains("#busy")).toList();
            assertThat(tries).hasSize(2);
            assertThat(Duration.between(tries.get(0).getLoggedDate().toInstant(), tries.get(1).getLoggedDate().toInstant()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(outboxOf(nowhere).get("state")));
            assertThat((String) outboxOf(nowhere).get("lastError")).contains("channel_not_found");
            assertThat(Api.authed().get("/api/v1/slack/outbox?state=dead").asString()).contains("channel_not_found")
                    .doesNotContain(TOKEN);
            assertThat(String.join("\n", log.lines())).doesNotContain(TOKEN);
        }
    }

    @Test
    void aPostInDoubtFoundInTheHistoryIsNotPostedAgain() {
        World.slack.history(SlackMock.message("1764990099.000900", "key-doubt-found"));
        long episode = queued("#ops", "doubt", "key-doubt-found", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(outboxOf(episode).get("state")));
        assertThat(outboxOf(episode)).containsEntry("doubt", "CONFIRMED").containsEntry("ts", "1764990099.000900");
        assertThat(World.slack.calls("chat.postMessage")).noneMatch(r -> r.getBodyAsString().contains("\"doubt\""));

        // one that is not in the channel is posted, once
        long missing = queued("#ops", "doubt-missing", "key-doubt-missing", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(outboxOf(missing).get("state")));
        assertThat(World.slack.calls("chat.postMessage")).filteredOn(r -> r.getBodyAsString().contains("doubt-missing"))
                .hasSize(1);
        assertThat(World.slack.calls("conversations.history").get(0).getBodyAsString()).contains("include_all_metadata=true");
    }

    /** An automatic remediation that fails: the channel hears that it runs, that the action failed, and the escalation. */
    @Test
    void aFailedActionAndItsEscalationArePostedInOrder() {
        Map<String, String> labels = Map.of("alertname", "SlackBroken", "job", "shop");
        long id = Alerts.fire(labels, "2026-12-05T06:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> World.slack.calls("chat.postMessage").stream()
                .map(SlackMock::json).filter(m -> m.path("metadata").path("event_payload").path("episode").asLong() == id)
                .count() == 3);
        List<String> texts = World.slack.calls("chat.postMessage").stream().map(SlackMock::json)
                .filter(m -> m.path("metadata").path("event_payload").path("episode").asLong() == id)
                .map(m -> m.path("text").asText()).toList();
        assertThat(texts.get(0)).contains("remediating automatically");
        assertThat(texts.get(1)).contains("http on").contains("failed");
        assertThat(texts.get(2)).contains("automatic remediation failed");
        assertThat(Api.authed().get("/api/v1/slack/outbox?episode=" + id + "&state=delivered").then().statusCode(200)
                .extract().jsonPath().getList("messages")).hasSize(3);
        Api.authed().get("/api/v1/slack/outbox?state=nope").then().statusCode(400);
    }

    /** Without a readable token a message waits, saying why; once the token file holds one again, it goes. */
    @Test
    void withoutATokenAMessageWaitsSayingWhy() throws Exception {
        java.nio.file.Files.writeString(World.tokenFile, "");
        long episode;
        try {
            episode = queued("#ops", "waits");
            await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(outboxOf(episode).get("lastError"))
                    .contains("no Slack bot token configured"));
            assertThat(outboxOf(episode)).containsEntry("state", "PENDING");
        } finally {
            java.nio.file.Files.writeString(World.tokenFile, TOKEN + "\n");
        }
        transactions.inTransaction(c -> setNow(c, episode, "next_attempt_at")); // as if its 30 s recheck had passed
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(outboxOf(episode).get("state")));
    }

    /** An approval nobody decided in time expires: its message loses its buttons and says so; a late click changes nothing. */
    @Test
    void anExpiredApprovalsMessageSaysSoAndALateClickChangesNothing() {
        long[] waiting = awaitingApproval();
        long id = waiting[0];
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE remediation SET created_at = ? WHERE id = ?")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusHours(2));
                ps.setLong(2, waiting[1]);
                return ps.executeUpdate();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> World.slack.calls("chat.update").stream().map(SlackMock::json)
                .anyMatch(u -> u.toString().contains("Expired") && u.toString().contains("episode " + id)));
        assertThat(remediation(id)).isEqualTo("EXPIRED");
        click(form(payload("U0OPS1", "approve", waiting[1]))).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ephemeralsTo("U0OPS1").stream()
                .anyMatch(m -> m.path("text").asText().contains("already expired")));
        assertThat(timeline(id, "action")).isEmpty();
    }
}
