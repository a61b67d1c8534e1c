package dev.selfheal.receiver.console;

import static dev.selfheal.receiver.support.Api.authed;
import static dev.selfheal.receiver.support.Api.operator;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.selfheal.receiver.auth.Sessions;
import dev.selfheal.receiver.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operators by name: the webhook token reads and posts but never approves or pauses (403); a
 * viewer reads; an operator (HTTP basic on the API, or a login session on the pages) steers, and
 * what they do carries their name. Logins are rate-limited per account and logged without the
 * password; the session cookie is HttpOnly and SameSite=Strict; every console form needs the
 * session's CSRF token; pages carry a Content-Security-Policy without inline scripts; untrusted
 * label text is escaped.
 */
@QuarkusTest
class ConsoleAuthTest {

    static String login(String user, String password) {
        Response r = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("username", user).formParam("password", password).formParam("next", "/pause").post("/login");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(303);
        return r.getCookie(Sessions.COOKIE);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    @Test
    void theWebhookTokenAndAViewerMayNotPauseOrResumeAnOperatorMayAndIsNamed() {
        authed().post("/api/v1/pause").then().statusCode(403).body("code", equalTo("forbidden"));
        authed().post("/api/v1/resume").then().statusCode(403);
        given().auth().preemptive().basic("val", "viewer-pass").post("/api/v1/pause").then().statusCode(403);
        given().auth().preemptive().basic("val", "viewer-pass").get("/api/v1/pause").then().statusCode(200);
        authed().get("/api/v1/pause").then().statusCode(200).body("paused", equalTo(false));

        operator().contentType("application/json").body("{\"reason\":\"change freeze\"}").post("/api/v1/pause")
                .then().statusCode(200).body("paused", equalTo(true)).body("by", equalTo("ops"))
                .body("reason", equalTo("change freeze"));
        operator().post("/api/v1/resume").then().statusCode(200).body("paused", equalTo(false)).body("by", equalTo("ops"));
        // PagerDuty hears of both, by name (change events of selfheal itself, on the global routing key)
        List<String> summaries = authed().get("/api/v1/pagerduty/outbox?limit=1000").then().statusCode(200).extract()
                .jsonPath().getList("events.body.payload.summary");
        assertThat(summaries).contains("selfheal paused by ops: change freeze", "selfheal resumed by ops: resumed");
        operator().contentType("application/json").body("{\"reason\": 5}").post("/api/v1/pause").then().statusCode(400);
        given().auth().preemptive().basic("ops", "wrong").get("/api/v1/episodes").then().statusCode(401);
        // the API takes no session cookie: a page's session cannot be replayed against it
        given().cookie(Sessions.COOKIE, login("ops", "operator-pass")).post("/api/v1/pause").then().statusCode(401);
    }

    @Test
    void fiveFailedLoginsAMinuteAreAnsweredThenTooManyAndNoPasswordIsLogged() {
        List<String> logged;
        try (LogCapture log = LogCapture.open()) {
            for (int i = 0; i < 5; i++) {
                given().contentType("application/x-www-form-urlencoded").formParam("username", "mallory")
                        .formParam("password", "hunter2-" + i).post("/login").then().statusCode(401);
            }
            given().contentType("application/x-www-form-urlencoded").formParam("username", "mallory")
                    .formParam("password", "hunter2-5").post("/login").then().statusCode(429);
            given().auth().preemptive().basic("mallory", "hunter2-6").get("/api/v1/episodes").then().statusCode(429)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            logged = log.lines();
        }
        assertThat(String.join("\n", logged)).contains("mallory").doesNotContain("hunter2");
    }

    @Test
    void aSessionIsAnHttpOnlyStrictCookieAndEveryFormNeedsItsCsrfToken() {
        Response redirect = given().redirects().follow(false).get("/");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.header("Location")).endsWith("/login?next=%2F");

        Response ok = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("username", "ops").formParam("password", "operator-pass").post("/login");
        String setCookie = ok.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .doesNotContain("Secure");
        String behindTls = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .contentType("application/x-www-form-urlencoded").formParam("username", "ops")
                .formParam("password", "operator-pass").post("/login").header("Set-Cookie");
        assertThat(behindTls).contains("Secure");
        String session = ok.getCookie(Sessions.COOKIE);

        Response page = given().cookie(Sessions.COOKIE, session).get("/pause");
        page.then().statusCode(200);
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.asString()).contains("ops (operator)");

        given().redirects().follow(false).cookie(Sessions.COOKIE, session).contentType("application/x-www-form-urlencoded")
                .formParam("reason", "no token").post("/pause").then().statusCode(403);
        given().redirects().follow(false).cookie(Sessions.COOKIE, session).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf(page.asString())).formParam("reason", "maintenance window").post("/pause")
                .then().statusCode(303);
        operator().get("/api/v1/pause").then().body("paused", equalTo(true)).body("by", equalTo("ops"))
                .body("reason", equalTo("maintenance window"));
        String after = given().cookie(Sessions.COOKIE, session).get("/pause").asString();
        assertThat(after).contains("Last set by <b>ops</b>").contains("maintenance window");
        given().redirects().follow(false).cookie(Sessions.COOKIE, session).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf(after)).post("/resume").then().statusCode(303);
        operator().get("/api/v1/pause").then().body("paused", equalTo(false));

        // a viewer's session reads but may not pause, CSRF token or not
        String viewer = login("val", "viewer-pass");
        String viewerPage = given().cookie(Sessions.COOKIE, viewer).get("/pause").asString();
        assertThat(viewerPage).doesNotContain("id=\"toggle\"");
        given().redirects().follow(false).cookie(Sessions.COOKIE, viewer).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf(viewerPage)).post("/pause").then().statusCode(403);

        // a tampered cookie is no session; logging out clears the cookie
        given().redirects().follow(false).cookie(Sessions.COOKIE, session.substring(0, session.length() - 2) + "xx")
                .get("/").then().statusCode(303);
        Response out = given().redirects().follow(false).cookie(Sessions.COOKIE, session)
                .contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(after)).post("/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(LoginPage.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(LoginPage.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginPage.safeNext("/episodes/4")).isEqualTo("/episodes/4");
    }

    @Test
    void labelsAndAnnotationsAreShownAsTextNeverAsMarkup() {
        String hostile = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        postWebhook("""
                {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"Xss\\"}",
                 "alerts":[{"status":"firing","labels":{"alertname":"XssProbe","job":"%s"},
                 "annotations":{"summary":"%s"},"startsAt":"2026-12-03T03:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(hostile.replace("\"", "\\\""), hostile.replace("\"", "\\\""))).then().statusCode(200);
        String session = login("val", "viewer-pass");
        String list = given().cookie(Sessions.COOKIE, session).get("/?alertname=XssProbe").asString();
        Matcher id = Pattern.compile("href=\"/episodes/(\\d+)\"").matcher(list);
        assertThat(id.find()).as(list).isTrue();
        String page = given().cookie(Sessions.COOKIE, session).get("/episodes/" + id.group(1)).asString();
        // a filter that is not one is said on the page, not thrown at the browser as JSON
        given().cookie(Sessions.COOKIE, session).get("/?since=yesterday").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("id=\"filter-error\">since:"));
        assertThat(page).doesNotContain("<script>document").doesNotContain("<img src=x")
                .contains("&lt;script&gt;document.title=").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void theApiIsDescribedByOpenApiAndTheEpisodesApiFiltersAndPages() {
        String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/v1/episodes").contains("/api/v1/actions/{id}/approve")
                .contains("/api/v1/pause").contains("/api/v1/alerts");
        given().get("/q/swagger-ui").then().statusCode(404);

        for (int i = 0; i < 3; i++) {
            postWebhook("""
                    {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"PagedList\\"}",
                     "alerts":[{"status":"firing","labels":{"alertname":"PagedList","instance":"i%d"},
                     "annotations":{},"startsAt":"2026-12-03T03:0%d:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                    .formatted(i, i)).then().statusCode(200);
        }
        authed().get("/api/v1/episodes?alertname=PagedList&limit=2").then().statusCode(200)
                .body("episodes.size()", equalTo(2)).body("hasMore", equalTo(true))
                .body("episodes[0].labels.instance", equalTo("i2"));
        authed().get("/api/v1/episodes?alertname=PagedList&limit=2&page=2").then().statusCode(200)
                .body("episodes.size()", equalTo(1)).body("hasMore", equalTo(false))
                .body("episodes[0].labels.instance", equalTo("i0"));
        authed().get("/api/v1/episodes?alertname=PagedList&since=1h").then().body("episodes.size()", equalTo(3));
        authed().get("/api/v1/episodes?decision=MAYBE").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        authed().get("/api/v1/episodes?since=yesterday").then().statusCode(400);
        authed().get("/api/v1/episodes?page=0").then().statusCode(400);
    }
}
