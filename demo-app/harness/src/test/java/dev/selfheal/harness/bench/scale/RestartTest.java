package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The restart phase against a stand-in scorer whose series answer PENDING on their first request
 * and READY with version 1 after: every series is asked again until it answers from its saved
 * model, and the time runs to the last such answer. (The process is not a JVM, so RSS after a GC
 * cannot be read: {@code kb_per_model} is NaN, a miss.)
 */
class RestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private HttpServer server;
    private Process process;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/api/v1/score", this::score);
        server.createContext("/api/v1/models", e -> answer(e, "{\"models\":[]}"));
        server.createContext("/q/health/ready", e -> answer(e, "{\"status\":\"UP\",\"checks\":[]}"));
        server.createContext("/q/metrics", e -> answer(e, ""));
        server.start();
        process = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        process.destroyForcibly();
    }

    private void score(HttpExchange e) throws IOException {
        String query = JSON.readTree(e.getRequestBody()).path("query").asText();
        int n = asked.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
        answer(e, n == 1 ? "{\"results\":[{\"model\":{\"status\":\"PENDING\"}}]}"
                : "{\"results\":[{\"model\":{\"status\":\"READY\",\"version\":1}}]}");
    }

    private static void answer(HttpExchange e, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            e.getResponseBody().write(b);
        }
        e.close();
    }

    @Test
    void everySeriesIsAskedUntilItAnswersFromItsSavedModel() throws Exception {
        ScaleLayout layout = new ScaleLayout(40);
        ScaleScorer scorer = new ScaleScorer(process, System.nanoTime(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "t");
        List<String> problems = new ArrayList<>();

        Restart.Outcome o = Restart.measure(scorer, layout.all(), s -> 1, "2026-12-06T05:00:00Z", problems);

        assertThat(problems).isEmpty();
        assertThat(asked).hasSize(40);
        assertThat(asked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
        assertThat(o.readyS()).isPositive().isLessThan(30);
        assertThat(o.kbPerModel()).isNaN();
    }

    @Test
    void aSeriesAnsweringAnotherVersionIsNotReady() throws Exception {
        ScaleScorer scorer = new ScaleScorer(process, System.nanoTime(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "t");
        ScaleScorer.Answer a = scorer.score(new ScaleLayout(1).get(0), "2026-12-06T05:00:00Z");
        assertThat(ScaleMetrics.fromSavedModel(a.body(), 1)).isFalse();
        a = scorer.score(new ScaleLayout(1).get(0), "2026-12-06T05:00:00Z");
        assertThat(ScaleMetrics.fromSavedModel(a.body(), 1)).isTrue();
        assertThat(ScaleMetrics.fromSavedModel(a.body(), 2)).isFalse();
    }
}
