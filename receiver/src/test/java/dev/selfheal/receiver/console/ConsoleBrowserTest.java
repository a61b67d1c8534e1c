package dev.selfheal.receiver.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.RequiresBrowser;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's Chromium, headless, through Selenium and Debian's
 * chromedriver): log in, find the episode a real webhook created, open it, see the scorer's chart
 * with its points, see hostile label text shown as text with nothing of it run, approve the
 * waiting action and find the operator's name in the timeline, log out. With
 * {@code -DconsoleScreenshot=path} it saves the episode page as PNG (the README's screenshot).
 */
@QuarkusTest
@ExtendWith(RequiresBrowser.class)
@TestProfile(ConsoleBrowserTest.Profile.class)
@QuarkusTestResource(value = ConsoleBrowserTest.FakeScorer.class, restrictToAnnotatedClass = true)
class ConsoleBrowserTest {

    static WireMockServer scorer;
    static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S",
                    "selfheal.pagerduty.public-url", "https://selfheal.example.com/");
        }
    }

    /** A scorer that confirms with a chart: a flat series with a step up at its end, the band around the forecast. */
    public static class FakeScorer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody(answer())));
            scorer.stubFor(post(urlEqualTo("/admin/restart")).willReturn(aResponse().withStatus(202)));
            try {
                Path playbooks = Files.createTempFile("playbooks", ".yml");
                Files.writeString(playbooks, """
                        http:
                          allow: [%s/admin/]
                          allowPrivate: [localhost]
                        playbooks:
                          - name: checkout-approve
                            match: '{alertname="CheckoutErrors"}'
                            confirm:
                              query: 'error_ratio{job="{{ .job }}"}'
                            target: {kind: http, url: %s/admin/restart}
                            actions: [{type: http}]
                            mode: approve
                        """.formatted(scorer.baseUrl(), scorer.baseUrl()));
                return Map.of("selfheal.scorer.url", scorer.baseUrl(), "selfheal.playbooks", playbooks.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String answer() {
            int n = 60;
            StringBuilder ts = new StringBuilder();
            StringBuilder values = new StringBuilder();
            StringBuilder forecast = new StringBuilder();
            StringBuilder low = new StringBuilder();
            StringBuilder high = new StringBuilder();
            StringBuilder score = new StringBuilder();
            StringBuilder anomalous = new StringBuilder();
            long start = java.time.Instant.now().getEpochSecond() - n * 15L;
            for (int i = 0; i < n; i++) {
                String sep = i == 0 ? "" : ",";
                boolean spike = i >= n - 6;
                double v = (spike ? 0.35 : 0.02) + 0.004 * Math.sin(i);
                ts.append(sep).append(start + 15L * i);
                values.append(sep).append(String.format(Locale.ROOT, "%.4f", v));
                forecast.append(sep).append(i < 10 ? "null" : "0.02");
                low.append(sep).append(i < 10 ? "null" : "0.0");
                high.append(sep).append(i < 10 ? "null" : "0.05");
                score.append(sep).append(spike ? (i == n - 6 ? "0.97" : "0.3") : "0.05");
                anomalous.append(sep).append(spike);
            }
            String explain = "{\"timestamps\":[%s],\"values\":[%s],\"forecast\":[%s],\"bandLow\":[%s],\"bandHigh\":[%s],"
                    .formatted(ts, values, forecast, low, high) + "\"score\":[%s],\"anomalous\":[%s],\"threshold\":0.5}"
                    .formatted(score, anomalous);
            String result = "{\"anomalous\":true,\"score\":0.97,\"value\":0.35,\"model\":{\"id\":\"m-1\",\"version\":1,"
                    + "\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"ratio\":4.2,"
                    + "\"reason\":\"the value is outside the LSTM forecast band\"},\"explain\":" + explain + "}";
            return "{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5},\"results\":[" + result + "]}";
        }

        @Override
        public void stop() {
            scorer.stop();
        }
    }

    @BeforeAll
    static void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(RequiresBrowser.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(RequiresBrowser.DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /**
     * PagerDuty incidents link back: every event links to the episode's page and, the public URL
     * being https, carries the chart as an image whose URL is signed and expires; PagerDuty fetches
     * it without credentials; a wrong or expired signature gets 403.
     */
    @Test
    void pagerDutyEventsLinkToTheEpisodeAndCarryASignedChartImage() throws Exception {
        postWebhook("""
                {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"CheckoutErrors\\"}",
                 "alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","job":"images"},
                 "annotations":{},"startsAt":"2026-12-03T03:05:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""")
                .then().statusCode(200);
        Object id = Api.authed().get("/api/v1/episodes?alertname=CheckoutErrors").then().extract().jsonPath()
                .<Map<String, Object>>getList("episodes").stream()
                .filter(e -> "images".equals(((Map<?, ?>) e.get("labels")).get("job"))).findFirst().orElseThrow().get("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Api.authed().get("/api/v1/pagerduty/outbox?episode=" + id)
                .then().extract().jsonPath().getList("events").isEmpty());
        Map<String, Object> body = Api.authed().get("/api/v1/pagerduty/outbox?episode=" + id).then().extract()
                .jsonPath().getMap("events[0].body");
        // the event as it will be sent (the routing key is added at delivery) meets the Events v2 contract
        Map<String, Object> sent = new java.util.LinkedHashMap<>(body);
        sent.put("routing_key", "R0123456789abcdef0123456789abcde");
        assertThat(dev.selfheal.receiver.support.PagerDutyContract.violations("/v2/enqueue",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(sent))).isEmpty();
        assertThat(body.get("links").toString()).contains("href=https://selfheal.example.com/episodes/" + id);
        @SuppressWarnings("unchecked")
        Map<String, Object> image = ((List<Map<String, Object>>) body.get("images")).get(0);
        String src = (String) image.get("src");
        assertThat(src).startsWith("https://selfheal.example.com/console/charts/" + id + ".png?exp=");
        assertThat(image.get("href")).isEqualTo("https://selfheal.example.com/episodes/" + id);

        String path = src.substring("https://selfheal.example.com".length());
        byte[] png = io.restassured.RestAssured.given().get(path).then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(read.getWidth()).isEqualTo(ScorerChart.WIDTH);
        assertThat(read.getHeight()).as("the time axis' labels below the panels").isEqualTo(
                ScorerChart.VALUES_HEIGHT + ScorerChart.GAP + ScorerChart.SCORE_HEIGHT + ScorerChart.AXIS);
        assertThat(new java.awt.Color(read.getRGB(ScorerChart.LEFT, ScorerChart.VALUES_HEIGHT + ScorerChart.GAP
                + ScorerChart.SCORE_HEIGHT)).getRed()).as("the time axis is drawn").isLessThan(200);
        String sig = path.substring(path.indexOf("&sig=") + 5);
        String wrong = (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1);
        io.restassured.RestAssured.given().get(path.replace(sig, wrong)).then().statusCode(403);
        long exp = Long.parseLong(path.replaceAll(".*exp=(\\d+).*", "$1"));
        io.restassured.RestAssured.given().get(path.replace("exp=" + exp, "exp=" + (exp + 1))).then().statusCode(403);
        io.restassured.RestAssured.given().get("/console/charts/" + id + ".png?exp=1&sig=" + sig).then().statusCode(403);
        io.restassured.RestAssured.given().get(path.replace("/charts/" + id + ".png", "/charts/999999.png"))
                .then().statusCode(403);
    }

    @Test
    void anOperatorLogsInSeesTheEpisodeAndItsChartApprovesItAndLogsOut() throws Exception {
        String hostile = "<img src=x onerror=\\\"document.title='pwned'\\\"><script>document.title='pwned'</script>";
        postWebhook("""
                {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"CheckoutErrors\\"}",
                 "alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","job":"checkout","team":"%s"},
                 "annotations":{"summary":"%s","runbook_url":"https://runbooks.example.com/checkout",
                 "dashboard":"javascript:document.title='pwned'"},
                 "startsAt":"2026-12-03T03:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(hostile, hostile)).then().statusCode(200);
        List<Map<String, Object>> all = Api.authed().get("/api/v1/episodes?alertname=CheckoutErrors").then()
                .statusCode(200).extract().jsonPath().getList("episodes");
        Object episodeId = all.stream().filter(e -> "checkout".equals(((Map<?, ?>) e.get("labels")).get("job")))
                .findFirst().orElseThrow().get("id");
        Object[] action = {null};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            action[0] = Api.authed().get("/api/v1/actions").then().extract().jsonPath()
                    .<Map<String, Object>>getList("actions").stream()
                    .filter(a -> String.valueOf(episodeId).equals(String.valueOf(a.get("episodeId"))))
                    .findFirst().map(a -> a.get("id")).orElse(null);
            return action[0] != null;
        });

        // the console asks for a login first
        browser.get(url("/"));
        waiting().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("ops");
        browser.findElement(By.id("password")).sendKeys("operator-pass");
        browser.findElement(By.id("login")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.episodes")));
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("ops (operator)");

        // the episode the webhook created, opened from the list
        WebElement link = browser.findElement(By.cssSelector("a.episode-link[href='/episodes/" + episodeId + "']"));
        link.click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("chart")));
        WebElement chart = browser.findElement(By.id("chart"));
        // by default the minutes before the decision: the step up is wide, not squeezed at the edge
        assertThat(chart.getAttribute("data-view")).isEqualTo("decision");
        int around = Integer.parseInt(chart.getAttribute("data-points"));
        assertThat(around).isBetween(15, 25);
        assertThat(chart.findElements(By.cssSelector("circle.pt"))).hasSize(around);
        assertThat(chart.findElements(By.cssSelector("circle.pt.anomalous"))).hasSize(6);
        assertThat(chart.findElement(By.cssSelector("polygon.band")).getAttribute("points")).isNotBlank();
        assertThat(chart.findElements(By.cssSelector("line.mark"))).isNotEmpty();
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        // a time axis and a value axis, with ticks and their labels
        List<WebElement> times = chart.findElements(By.cssSelector("g.time-axis text.tick-label"));
        assertThat(times).hasSizeBetween(2, 8);
        assertThat(times.get(0).getText()).matches("\\d{2}:\\d{2}(:\\d{2})?");
        assertThat(chart.findElements(By.cssSelector("g.time-axis line.tick"))).hasSameSizeAs(times);
        List<WebElement> values = chart.findElements(By.cssSelector("g.value-axis text.tick-label"));
        assertThat(values).hasSizeBetween(3, 12);
        assertThat(values).allSatisfy(v -> assertThat(Double.parseDouble(v.getText())).isBetween(-0.1, 0.5));
        assertThat(chart.findElements(By.cssSelector("g.score-axis text.tick-label"))).extracting(WebElement::getText)
                .containsExactly("0", "0.5", "1");
        // the whole window is a click away, and back
        browser.findElement(By.id("chart-whole")).click();
        waiting().until(d -> "all".equals(d.findElement(By.id("chart")).getAttribute("data-view")));
        chart = browser.findElement(By.id("chart"));
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isEqualTo(60);
        assertThat(chart.findElements(By.cssSelector("circle.pt"))).hasSize(60);
        assertThat(chart.findElements(By.cssSelector("circle.pt.anomalous"))).hasSize(6);
        assertThat(chart.findElements(By.cssSelector("g.time-axis text.tick-label"))).hasSizeBetween(2, 8);
        browser.findElement(By.id("chart-around")).click();
        waiting().until(d -> "decision".equals(d.findElement(By.id("chart")).getAttribute("data-view")));

        // a runbook is a link; a dashboard that is no http(s) URL stays text
        List<WebElement> links = browser.findElements(By.cssSelector("#annotations a.annotation-link"));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getAttribute("href")).isEqualTo("https://runbooks.example.com/checkout");
        assertThat(browser.findElement(By.id("annotations")).getText()).contains("javascript:document.title='pwned'");

        // hostile label and annotation text is shown as text; nothing of it ran
        assertThat(browser.getTitle()).doesNotContain("pwned");
        assertThat(browser.findElement(By.id("labels")).getText()).contains("<script>document.title='pwned'</script>");
        assertThat(browser.findElement(By.id("annotations")).getText()).contains("<img src=x onerror=");
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();

        // approve the waiting action: the timeline names the operator
        browser.get(url("/approvals"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.approve")));
        browser.findElement(By.cssSelector("section#approval-" + action[0] + " button.approve")).click();
        waiting().until(ExpectedConditions.urlContains("/episodes/" + episodeId));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            browser.navigate().refresh();
            return browser.findElement(By.id("timeline")).getText().contains("approved by ops");
        });
        String screenshot = System.getProperty("consoleScreenshot");
        if (screenshot != null) {
            Files.write(Path.of(screenshot), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }

        browser.findElement(By.id("logout")).click();
        waiting().until(ExpectedConditions.urlContains("/login"));
        browser.get(url("/"));
        waiting().until(ExpectedConditions.urlContains("/login"));
    }
}
