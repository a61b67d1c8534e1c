package dev.selfheal.receiver.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The allow-listed HTTP action: one request to the playbook's target URL, no redirects followed.
 * The URL was checked against {@code http.allow} when the playbook was loaded.
 */
public final class HttpAction {

    /** What happened: 2xx is success; anything else, or no answer, is a failure with its reason. */
    public record Result(boolean succeeded, String detail) {
    }

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public Result execute(String url, String method, Duration timeout, String episodeKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("User-Agent", "selfheal-receiver")
                // lets the target de-duplicate too: the same episode never asks twice on purpose
                .header("Idempotency-Key", episodeKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Result(status >= 200 && status < 300, method + " " + url + " answered " + status);
        } catch (IOException e) {
            return new Result(false, method + " " + url + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, method + " " + url + " interrupted");
        }
    }
}
