package dev.selfheal.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Steady traffic to the service itself: {@code rps} requests a second, never waiting for answers. */
final class SelfTraffic {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final HttpRequest request;
    private final int rps;

    SelfTraffic(String url, int rps) {
        this.request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        this.rps = rps;
    }

    void start() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "self-traffic");
            t.setDaemon(false);
            return t;
        });
        timer.scheduleAtFixedRate(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()),
                0, 1_000_000L / rps, TimeUnit.MICROSECONDS);
    }
}
