package dev.selfheal.receiver.episode;

import static dev.selfheal.receiver.support.Api.authed;
import static dev.selfheal.receiver.support.Api.operator;
import static dev.selfheal.receiver.support.Api.episode;
import static dev.selfheal.receiver.support.Api.episodeCount;
import static dev.selfheal.receiver.support.Api.episodes;
import static dev.selfheal.receiver.support.Api.metric;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static dev.selfheal.receiver.support.Fixtures.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.selfheal.receiver.support.Fixtures;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The intake's contract, run against each store (H2 and PostgreSQL) by a subclass. Every test
 * salts the fixtures' fingerprints so it owns its episodes.
 */
abstract class IntakeContract {

    /** Posts a webhook; once this returns, what a 2xx accepted is recorded. */
    protected Response post(String body) {
        return postWebhook(body);
    }

    /** What an accepted webhook changed: deliveries recorded and duplicates (null: not checked). */
    protected void outcome(ValidatableResponse accepted, Integer recorded, Integer duplicates) {
        if (recorded != null) {
            accepted.body("recorded", equalTo(recorded));
        }
        if (duplicates != null) {
            accepted.body("duplicates", equalTo(duplicates));
        }
    }

    private static String salt() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> only(List<Map<String, Object>> episodes, String instanceOrEndpoint) {
        return episodes.stream().filter(e -> {
            @SuppressWarnings("unchecked") Map<String, String> labels = (Map<String, String>) e.get("labels");
            return instanceOrEndpoint.equals(labels.get("instance")) || instanceOrEndpoint.equals(labels.get("endpoint"));
        }).findFirst().orElseThrow(() -> new AssertionError("no episode for " + instanceOrEndpoint));
    }

    static Stream<String> allFixtures() {
        return Fixtures.names().stream();
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void everyRealAlertmanagerPayloadIsAccepted(String name) {
        String salt = salt();
        String body = webhook(name, salt);
        int alerts = io.restassured.path.json.JsonPath.from(body).getList("alerts").size();
        post(body).then().statusCode(200).body("status", equalTo("accepted")).body("alerts", equalTo(alerts));
        assertThat(episodes(salt)).hasSize(alerts);
    }

    @Test
    void groupedWebhookCreatesOneEpisodePerAlert() {
        String salt = salt();
        outcome(post(webhook("02-prom-EndpointErrorRate-firing-4alerts-one-group", salt)).then().statusCode(200), 4, 0);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(4).allSatisfy(e -> {
            assertThat(e.get("status")).isEqualTo("firing");
            assertThat(e.get("alertname")).isEqualTo("EndpointErrorRate");
            assertThat(e).doesNotContainKey("endsAt");
        });
        Map<String, Object> one = episode(only(episodes, "/api/orders").get("id"));
        assertThat(one.get("startsAt")).isEqualTo("2026-11-28T22:30:13.687Z");
        assertThat((List<?>) one.get("timeline")).hasSize(1);
        assertThat(one.get("timeline").toString()).contains("groupKey", "sink-main");
    }

    @Test
    void firingThenResolvedClosesTheEpisodeWithEndsAt() {
        String salt = salt();
        post(webhook("01-prom-HighErrorRate-firing-single", salt)).then().statusCode(200);
        outcome(post(webhook("03-prom-HighErrorRate-resolved", salt)).then().statusCode(200), 1, null);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(1);
        Map<String, Object> e = episode(episodes.get(0).get("id"));
        assertThat(e.get("status")).isEqualTo("resolved");
        assertThat(e.get("endsAt")).isEqualTo("2026-11-28T22:30:18.687Z");
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) e.get("timeline");
        assertThat(timeline).extracting(t -> t.get("status")).containsExactly("firing", "resolved");

        // Prometheus re-sends resolved alerts for 15 minutes: nothing changes.
        outcome(post(webhook("03-prom-HighErrorRate-resolved", salt)).then().statusCode(200), 0, 1);
        // A late retry of the firing delivery does not reopen it either.
        outcome(post(webhook("01-prom-HighErrorRate-firing-single", salt)).then().statusCode(200), 0, null);
        Map<String, Object> after = episode(e.get("id"));
        assertThat(after.get("status")).isEqualTo("resolved");
        assertThat((List<?>) after.get("timeline")).hasSize(2);
    }

    @Test
    void truncatedAlertsAreRecordedAndCounted() {
        String salt = salt();
        double before = metric("selfheal_alerts_truncated_total");
        post(webhook("09-api-TruncTest-firing-max_alerts2-truncatedAlerts3", salt)).then().statusCode(200)
                .body("truncatedAlerts", equalTo(3));
        assertThat(metric("selfheal_alerts_truncated_total") - before).isEqualTo(3.0);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(2);
        Map<String, Object> e = episode(episodes.get(0).get("id"));
        assertThat(((List<Map<String, Object>>) e.get("timeline")).get(0).get("truncatedAlerts")).isEqualTo(3);
    }

    @Test
    void eachAlertsOwnStatusCountsInMixedWebhooks() {
        String salt = salt();
        outcome(post(webhook("11-api-MixedTest-firing-3alerts", salt)).then().statusCode(200), 3, null);
        // status "firing", but host-01 inside it is resolved
        outcome(post(webhook("12-api-MixedTest-status-firing-with-1-resolved-2-firing", salt)).then().statusCode(200), 1, 2);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(only(episodes, "host-01:9100").get("status")).isEqualTo("resolved");
        assertThat(only(episodes, "host-01:9100").get("endsAt")).isEqualTo("2026-11-28T22:34:24.895Z");
        assertThat(only(episodes, "host-02:9100").get("status")).isEqualTo("firing");
        assertThat(only(episodes, "host-03:9100").get("status")).isEqualTo("firing");

        post(webhook("13-api-MixedTest-status-firing-with-1-resolved-1-firing", salt)).then().statusCode(200);
        post(webhook("14-api-MixedTest-resolved-last-1-only", salt)).then().statusCode(200);
        episodes = episodes(salt);
        assertThat(episodes).hasSize(3).allSatisfy(e -> assertThat(e.get("status")).isEqualTo("resolved"));
    }

    @Test
    void staleResolvedAlertsResentBesideANewFiringOneChangeNothing() {
        String salt = salt();
        String body = webhook("26-prom-stale-resolved-alerts-resent-alongside-new-firing", salt);
        outcome(post(body).then().statusCode(200).body("alerts", equalTo(4)), 4, null);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(4);
        Map<String, Object> users = episodes.stream()
                .filter(e -> "firing".equals(e.get("status"))).findFirst().orElseThrow();
        assertThat(((Map<?, ?>) users.get("labels")).get("endpoint")).isEqualTo("/api/users");
        assertThat(users.get("startsAt")).isEqualTo("2026-11-28T22:39:44.687Z");
        assertThat(episodes.stream().filter(e -> "resolved".equals(e.get("status")))).hasSize(3);

        outcome(post(body).then().statusCode(200), 0, 4);
        assertThat(episodes(salt)).hasSize(4);

        // The same fingerprints with an earlier startsAt are other occurrences: other episodes.
        outcome(post(webhook("04-prom-EndpointErrorRate-resolved-4alerts", salt)).then().statusCode(200), 4, null);
        List<Map<String, Object>> after = episodes(salt);
        assertThat(after).hasSize(8);
        assertThat(after.stream().filter(e -> e.get("fingerprint").equals(users.get("fingerprint")))).hasSize(2);
        assertThat(episode(users.get("id")).get("status")).isEqualTo("firing");
    }

    @Test
    void repeatIntervalRenotificationIsADuplicate() {
        String salt = salt();
        double before = metric("selfheal_alert_duplicates_total");
        post(webhook("27-repeat_interval-renotification-identical-content", salt)).then().statusCode(200);
        outcome(post(webhook("27-repeat_interval-renotification-identical-content", salt)).then().statusCode(200), null, 1);
        assertThat(metric("selfheal_alert_duplicates_total") - before).isEqualTo(1.0);
        assertThat((List<?>) episode(episodes(salt).get(0).get("id")).get("timeline")).hasSize(1);
    }

    @Test
    void oddLabelValuesArePreservedExactly() {
        String salt = salt();
        post(webhook("28-api-odd-label-values-json-escaping-empty-annotations", salt)).then().statusCode(200);
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(2);
        Map<String, Object> odd = only(episodes, "h<1>&2");
        assertThat(odd.get("alertname")).isEqualTo("Odd \"Quoted\" Ünïcode/Name");
        assertThat((Map<?, ?>) odd.get("annotations")).isEmpty();
        Map<String, Object> other = only(episodes, "h2");
        assertThat(((Map<?, ?>) other.get("annotations")).get("summary")).isEqualTo("line1\nline2\ttab");
        assertThat(episode(odd.get("id")).get("timeline").toString()).contains("Odd \\\"Quoted\\\"");
    }

    @Test
    void theSameWebhookFiveTimesLeavesOneDelivery() {
        String salt = salt();
        String body = webhook("07-api-ApiBatchTest-firing-5alerts", salt);
        for (int i = 0; i < 5; i++) {
            outcome(post(body).then().statusCode(200), i == 0 ? 5 : 0, null);
        }
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).hasSize(5);
        for (Map<String, Object> e : episodes) {
            assertThat((List<?>) episode(e.get("id")).get("timeline")).hasSize(1);
        }
    }

    @Test
    void theSameWebhookFromEightThreadsAtOnceLeavesOneDelivery() throws Exception {
        for (int round = 0; round < 3; round++) {
            String salt = salt();
            String firing = webhook("07-api-ApiBatchTest-firing-5alerts", salt);
            String resolved = webhook("08-api-ApiBatchTest-resolved-5alerts-via-endsAt", salt);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> posts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    posts.add(() -> post(firing).statusCode());
                }
                for (Future<Integer> f : pool.invokeAll(posts)) {
                    assertThat(f.get()).isEqualTo(200);
                }
                posts.clear();
                for (int i = 0; i < 8; i++) {
                    posts.add(() -> post(resolved).statusCode());
                }
                for (Future<Integer> f : pool.invokeAll(posts)) {
                    assertThat(f.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            List<Map<String, Object>> episodes = episodes(salt);
            assertThat(episodes).hasSize(5);
            for (Map<String, Object> e : episodes) {
                Map<String, Object> full = episode(e.get("id"));
                assertThat(full.get("status")).isEqualTo("resolved");
                assertThat((List<Map<String, Object>>) full.get("timeline"))
                        .extracting(t -> t.get("status")).containsExactly("firing", "resolved");
            }
        }
    }

    static Stream<Arguments> badBodies() {
        String alert = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-28T22:00:00Z\"}";
        return Stream.of(
                Arguments.of("not json", "this is not json", 400),
                Arguments.of("truncated json", "{\"alerts\": [", 400),
                Arguments.of("array instead of object", "[]", 400),
                Arguments.of("empty object: no alerts", "{}", 400),
                Arguments.of("alerts null", "{\"version\":\"4\",\"alerts\":null}", 400),
                Arguments.of("other version", "{\"version\":\"3\",\"alerts\":[]}", 400),
                Arguments.of("version as number", "{\"version\":4,\"alerts\":[]}", 400),
                Arguments.of("alerts not an array", "{\"version\":\"4\",\"alerts\":\"x\"}", 400),
                Arguments.of("alert not an object", "{\"version\":\"4\",\"alerts\":[1]}", 400),
                Arguments.of("alert without startsAt", "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}", 400),
                Arguments.of("alert without labels", "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-11-28T22:00:00Z\"}]}", 400),
                Arguments.of("label value a number", "{\"version\":\"4\",\"alerts\":[" + alert.replace("\"X\"", "5") + "]}", 400),
                Arguments.of("unknown alert status", "{\"version\":\"4\",\"alerts\":[" + alert.replace("firing", "pending") + "]}", 400),
                Arguments.of("startsAt not a time", "{\"version\":\"4\",\"alerts\":[" + alert.replace("2026-11-28T22:00:00Z", "yesterday") + "]}", 400),
                Arguments.of("truncatedAlerts a string", "{\"version\":\"4\",\"truncatedAlerts\":\"3\",\"alerts\":[" + alert + "]}", 400),
                Arguments.of("groupKey an object", "{\"version\":\"4\",\"groupKey\":{},\"alerts\":[" + alert + "]}", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badBodies")
    void badBodiesAreRefusedWithAJsonErrorAndStoreNothing(String what, String body, int code) {
        int before = episodeCount();
        post(body).then().statusCode(code).contentType("application/json")
                .body("code", equalTo("invalid_webhook")).body("message", notNullValue());
        assertThat(episodeCount()).isEqualTo(before);
    }

    @Test
    void wrongContentTypeIs415AndOversizedBodyIs413() {
        String body = webhook("01-prom-HighErrorRate-firing-single", salt());
        int before = episodeCount();
        authed().contentType("text/plain").body(body).post("/api/v1/alerts").then().statusCode(415)
                .body("code", equalTo("unsupported_media_type"));
        authed().body(body.getBytes()).post("/api/v1/alerts").then().statusCode(415);
        // the test profile's limit is 64 KiB
        String huge = body.replace("\"summary\"", "\"pad\": \"" + "x".repeat(70_000) + "\", \"summary\"");
        post(huge).then().statusCode(413).body("code", equalTo("body_too_large"));
        assertThat(episodeCount()).isEqualTo(before);
    }

    @Test
    void emptyAlertListIsAccepted() {
        post("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}").then().statusCode(200)
                .body("alerts", equalTo(0));
    }

    @Test
    void handPostedAlertWithoutFingerprintGetsAlertmanagersFingerprint() {
        String alertname = "Manual" + salt();
        String body = "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + alertname
                + "\",\"job\":\"x\"},\"startsAt\":\"2026-11-28T22:00:00.5+01:00\"}]}";
        outcome(post(body).then().statusCode(200), 1, null);
        outcome(post(body).then().statusCode(200), null, 1);
        List<Map<String, Object>> all = authed().get("/api/v1/episodes?status=firing&limit=1000").then()
                .statusCode(200).extract().jsonPath().getList("episodes");
        Map<String, Object> e = all.stream().filter(x -> alertname.equals(x.get("alertname"))).findFirst().orElseThrow();
        assertThat((String) e.get("fingerprint")).matches("[0-9a-f]{16}");
        assertThat(e.get("startsAt")).isEqualTo("2026-11-28T21:00:00.500Z");
    }

    @Test
    void episodesApiFiltersAndValidates() {
        String salt = salt();
        post(webhook("01-prom-HighErrorRate-firing-single", salt)).then().statusCode(200);
        Object id = episodes(salt).get(0).get("id");
        List<Map<String, Object>> resolved = authed().get("/api/v1/episodes?status=resolved&limit=1000").then()
                .statusCode(200).extract().jsonPath().getList("episodes");
        assertThat(resolved).noneMatch(e -> e.get("id").equals(id));
        authed().get("/api/v1/episodes?status=open").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        authed().get("/api/v1/episodes?limit=0").then().statusCode(400);
        authed().get("/api/v1/episodes?limit=abc").then().statusCode(400);
        authed().get("/api/v1/episodes/abc").then().statusCode(400);
        authed().get("/api/v1/episodes/999999999").then().statusCode(404).body("code", equalTo("not_found"));
        authed().get("/api/v1/episodes?limit=1").then().statusCode(200).body("episodes.size()", equalTo(1));
    }

    @Test
    void metricsCountRequestsByCodeAndAlertsByStatus() {
        double ok = metric("selfheal_webhook_requests_total{code=\"200\"}");
        double bad = metric("selfheal_webhook_requests_total{code=\"400\"}");
        double resolved = metric("selfheal_alerts_received_total{status=\"resolved\"}");
        post(webhook("12-api-MixedTest-status-firing-with-1-resolved-2-firing", salt())).then().statusCode(200);
        post("nope").then().statusCode(400);
        assertThat(metric("selfheal_webhook_requests_total{code=\"200\"}") - ok).isEqualTo(1.0);
        assertThat(metric("selfheal_webhook_requests_total{code=\"400\"}") - bad).isEqualTo(1.0);
        assertThat(metric("selfheal_alerts_received_total{status=\"resolved\"}") - resolved).isEqualTo(1.0);
        assertThat(metric("selfheal_webhook_duration_seconds_count")).isGreaterThan(0);
    }

    @Test
    void readinessIncludesTheStore() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("atabase")));
    }

    // ---- hostile but well-formed bodies: each bad alert alone becomes a dead letter ----

    static String handAlert(String salt, String alertname, String labels, String startsAt, String extra) {
        return "{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + alertname + "\",\"salt\":\"" + salt + "\""
                + labels + "},\"annotations\":{\"summary\":\"hand-made\"},\"startsAt\":\"" + startsAt
                + "\",\"endsAt\":\"0001-01-01T00:00:00Z\"" + extra + "}";
    }

    static String handWebhook(String... alerts) {
        return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"selfheal\",\"groupKey\":\"{}:{}\","
                + "\"alerts\":[" + String.join(",", alerts) + "]}";
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
            "1600-06-01T00:00:00Z", "2300-01-01T00:00:00Z"})
    void aStartsAtTheStoreCannotHoldIs400NamingTheFieldAndTheRange(String startsAt) {
        int before = episodeCount();
        post(handWebhook(handAlert(salt(), "FarTime", "", startsAt, ""))).then().statusCode(400)
                .body("code", equalTo("invalid_webhook"))
                .body("message", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("alerts[0].startsAt"),
                        org.hamcrest.Matchers.containsString("outside the range the store holds")));
        assertThat(episodeCount()).isEqualTo(before);
    }

    static List<String> hostileAlerts(String salt) {
        String t = "2026-11-28T22:00:00Z";
        return List.of(
                handAlert(salt, "HostileFingerprint", "", t, ",\"fingerprint\":\"0123456789abcdef\""),
                handAlert(salt, "HostileHugeLabel", ",\"v\":\"" + "x".repeat(9000) + "\"", t, ""),
                handAlert(salt, "HostileNul", ",\"v\":\"a\\u0000b\"", t, ""),
                handAlert(salt, "HostileYear9999", "", "9999-12-31T23:59:59Z", ""),
                handAlert(salt, "HostileTwice", ",\"job\":\"a\",\"job\":\"b\"", t, ""),
                handAlert(salt, "HostileSurrogate", ",\"v\":\"\\udc00\"", t, ""));
    }

    @Test
    void hostileAlertsBesideGoodOnesBecomeDeadLettersAndTheGoodOnesEpisodes() {
        String salt = salt();
        List<String> alerts = new ArrayList<>();
        alerts.add(handAlert(salt, "GoodBefore", "", "2026-11-28T22:00:00Z", ""));
        alerts.addAll(hostileAlerts(salt));
        alerts.add(handAlert(salt, "GoodAfter", ",\"odd name/é\":\"ok\"", "2026-11-28T22:00:00Z", "")
                .replace("\"summary\":\"hand-made\"", "\"description\":\"" + "d".repeat(20_000) + "\""));
        String body = handWebhook(alerts.toArray(String[]::new));
        double deadBefore = metric("selfheal_intake_dead_letters_total{kind=\"alert\"}");
        Response accepted = post(body);
        accepted.then().statusCode(200).body("alerts", equalTo(8))
                .body("rejected.index", org.hamcrest.Matchers.contains(1, 2, 3, 4, 5, 6))
                .body("rejected[0].reason", org.hamcrest.Matchers.containsString("is not Alertmanager's hash"));
        List<Map<String, Object>> episodes = episodes(salt);
        assertThat(episodes).extracting(e -> e.get("alertname")).containsExactlyInAnyOrder("GoodBefore", "GoodAfter");
        Map<String, Object> after = episodes.stream().filter(e -> "GoodAfter".equals(e.get("alertname"))).findFirst().orElseThrow();
        assertThat((String) ((Map<?, ?>) after.get("annotations")).get("description"))
                .endsWith("…[cut by selfheal: 16384 of 20000 characters kept]");
        assertThat(metric("selfheal_intake_dead_letters_total{kind=\"alert\"}") - deadBefore).isEqualTo(6.0);

        List<Map<String, Object>> letters = deadLetters(salt);
        assertThat(letters).extracting(d -> d.get("alertname")).containsExactlyInAnyOrder("HostileFingerprint",
                "HostileHugeLabel", "HostileNul", "HostileYear9999", "HostileTwice", "HostileSurrogate");
        assertThat(letters).allSatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("alert");
            assertThat(d.get("status")).isEqualTo("open");
            assertThat((String) d.get("reason")).startsWith("alerts[");
        });

        // the same webhook again (Alertmanager's repeat): no second dead letter of the same alert
        post(body).then().statusCode(200);
        assertThat(metric("selfheal_intake_dead_letters_total{kind=\"alert\"}") - deadBefore).isEqualTo(6.0);
        assertThat(deadLetters(salt)).hasSize(6);

        // one dead letter in full, and a re-drive that still cannot be stored
        Object id = letters.stream().filter(d -> "HostileYear9999".equals(d.get("alertname"))).findFirst().orElseThrow().get("id");
        authed().get("/api/v1/intake/dead-letters/" + id).then().statusCode(200)
                .body("body", org.hamcrest.Matchers.containsString("9999-12-31T23:59:59Z"))
                .body("bodyEncoding", equalTo("json"));
        operator().post("/api/v1/intake/dead-letters/" + id + "/retry").then().statusCode(422)
                .body("code", equalTo("still_invalid"));
        authed().get("/api/v1/intake/dead-letters/" + id).then().body("status", equalTo("open"));
        authed().get("/api/v1/intake/dead-letters?status=nope").then().statusCode(400);
        authed().get("/api/v1/intake/dead-letters/x").then().statusCode(400);
        authed().get("/api/v1/intake/dead-letters/99999999").then().statusCode(404);
        given().get("/api/v1/intake/dead-letters").then().statusCode(401);
    }

    /** Dead letters whose body carries the salt label. */
    static List<Map<String, Object>> deadLetters(String salt) {
        List<Map<String, Object>> all = authed().get("/api/v1/intake/dead-letters?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("deadLetters");
        return all.stream().filter(d -> authed().get("/api/v1/intake/dead-letters/" + d.get("id")).then().extract()
                .jsonPath().getString("body").contains("\"salt\":\"" + salt + "\"")).toList();
    }

    /**
     * The invariant, through the real HTTP path: every alert answered 2xx becomes an episode or a
     * dead letter with a reason within 5 s, whatever came before it, and every hostile body got a
     * 400 or a dead letter. The real fixtures are interleaved with hostile bodies.
     */
    @Test
    void aMixedStreamOfHostileBodiesNeverStopsOrDelaysTheRealAlerts() {
        String salt = salt();
        dev.selfheal.receiver.alertmanager.WebhookParser parser =
                new dev.selfheal.receiver.alertmanager.WebhookParser(new com.fasterxml.jackson.databind.ObjectMapper());
        List<String> hostile = new ArrayList<>();
        for (String h : hostileAlerts(salt)) {
            hostile.add(handWebhook(h)); // alone: a 400
            hostile.add(handWebhook(handAlert(salt, "Beside" + hostile.size(), "", "2026-11-28T22:00:00Z", ""), h));
        }
        hostile.add("{\"version\":\"4\",\"alerts\":[],\"alerts\":[]}");
        hostile.add("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"\\ud800\":\"x\"},"
                + "\"startsAt\":\"2026-11-28T22:00:00Z\"}]}");
        List<String> names = Fixtures.names();
        int refused = 0;
        int deadLettered = 0;
        for (int i = 0; i < Math.max(names.size(), hostile.size()); i++) {
            if (i < hostile.size()) {
                Response r = postWebhook(hostile.get(i));
                assertThat(r.statusCode()).as("hostile body %d", i).isIn(200, 400);
                if (r.statusCode() == 400) {
                    refused++;
                    assertThat(r.jsonPath().getString("message")).isNotBlank();
                } else {
                    assertThat(r.jsonPath().getList("rejected")).as("hostile body %d", i).hasSize(1);
                    deadLettered++;
                }
            }
            if (i < names.size()) {
                String body = webhook(names.get(i), salt);
                long posted = System.nanoTime();
                postWebhook(body).then().statusCode(200);
                var kept = parser.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).alerts();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .pollInterval(java.time.Duration.ofMillis(20)).untilAsserted(() -> {
                            var stored = episodes(salt).stream().map(e -> e.get("fingerprint") + "@"
                                    + java.time.Instant.parse((String) e.get("startsAt"))).collect(java.util.stream.Collectors.toSet());
                            for (var a : kept) {
                                assertThat(stored).contains(a.fingerprint() + "@" + a.startsAt());
                            }
                        });
                assertThat(System.nanoTime() - posted).isLessThan(5_000_000_000L);
            }
        }
        assertThat(refused).isEqualTo(hostileAlerts(salt).size() + 2);
        assertThat(deadLettered).isEqualTo(hostileAlerts(salt).size());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(deadLetters(salt)).hasSize(hostileAlerts(salt).size()));
        assertThat(episodes(salt).stream().filter(e -> ((String) e.get("alertname")).startsWith("Beside")))
                .hasSize(hostileAlerts(salt).size());
    }
}
