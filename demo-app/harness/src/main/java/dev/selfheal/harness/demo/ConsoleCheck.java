package dev.selfheal.harness.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the on-call sees: logs in to the console as the demo's operator and reads the episode's
 * page, which must show the scorer's chart (its points, the anomalous ones, the forecast band),
 * the action and the heal. Returns what is missing, empty when nothing is.
 */
final class ConsoleCheck {

    private static final Pattern POINTS = Pattern.compile("data-points=\"(\\d+)\"");

    private ConsoleCheck() {
    }

    static String check(String receiver, String user, String password, long episode) {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
        try {
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(receiver + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 303) {
                return "the console refused the demo's login (" + login.statusCode() + ")";
            }
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(receiver + "/episodes/" + episode))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return String.join("; ", problems(page.statusCode(), page.body()));
        } catch (IOException e) {
            return "the console did not answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static List<String> problems(int status, String html) {
        List<String> problems = new ArrayList<>();
        if (status != 200) {
            problems.add("the episode page answered " + status);
            return problems;
        }
        Matcher points = POINTS.matcher(html);
        if (!points.find() || Integer.parseInt(points.group(1)) < 10) {
            problems.add("the episode page has no chart of the scorer's window");
        }
        if (!html.contains("class=\"pt anomalous\"")) {
            problems.add("the chart marks no anomalous point");
        }
        if (!html.contains("class=\"band\" points=\"") || html.contains("class=\"band\" points=\"\"")) {
            problems.add("the chart has no forecast band");
        }
        if (!html.contains("class=\"t-action\"")) {
            problems.add("the timeline shows no action");
        }
        if (!html.contains(">healed<")) {
            problems.add("the timeline shows no heal");
        }
        return problems;
    }
}
