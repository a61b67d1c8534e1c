package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.harness.bench.JavaProcess;
import dev.selfheal.harness.bench.ReceiverProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiver of {@code chaos scorers}, on H2 in the run's directory, routing over the scorer
 * replicas: one shadow playbook per metric of the {@link FleetPrometheus}, whose confirm query is
 * rendered per series; test alerts posted in rounds (a round's alerts are episodes of their own);
 * each series' confirm read back from its episode; its scorer requests by role and outcome.
 */
final class FleetReceiver {

    static final int PORT = 18590;
    /** The playbooks' action target: never called (test alerts run nothing), only allowed. */
    static final int NOWHERE = 18594;
    static final String TOKEN = "scorers-chaos-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("(role|outcome)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Each series' confirm query → its alert's name and series label ("ChaosLatency|latency-01"). */
    final Map<String, String> alerts = new LinkedHashMap<>();
    private Process process;

    /** Writes the playbooks (one per metric) to {@code playbooks}. */
    FleetReceiver(FleetPrometheus prometheus, Path playbooks) throws IOException {
        StringBuilder yaml = new StringBuilder("http:\n  allow: [http://127.0.0.1:" + NOWHERE + "/]\nplaybooks:\n");
        prometheus.series().forEach((metric, names) -> {
            String alert = alertName(metric);
            names.forEach(n -> alerts.put(metric + "{series=\"" + n + "\"}", alert + "|" + n));
            yaml.append("""
                      - name: %s
                        match: '{alertname="%s"}'
                        confirm: {query: '%s{series="{{ .series }}"}', window: 30m, step: 15s, onScorerUnavailable: page}
                        target: {kind: http, url: http://127.0.0.1:%d/restart}
                        actions: [{type: http, timeout: 2s}]
                        mode: shadow
                        cooldown: 0s
                        maxPerHour: 1000
                    """.formatted(metric.replace('_', '-'), alert, metric, NOWHERE));
        });
        Files.writeString(playbooks, yaml.toString());
    }

    /** {@code chaos_latency_seconds} → {@code ChaosLatency}. */
    static String alertName(String metric) {
        String word = metric.split("_")[1];
        return "Chaos" + Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    void start(Path root, Path work, List<Integer> scorerPorts, String scorerToken) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SELFHEAL_WEBHOOK_TOKEN", TOKEN);
        env.put("SELFHEAL_PLAYBOOKS", work.resolve("playbooks.yml").toString());
        env.put("SELFHEAL_SCORER_URLS", String.join(",", scorerPorts.stream().map(p -> "http://127.0.0.1:" + p).toList()));
        env.put("SELFHEAL_SCORER_TOKEN", scorerToken);
        env.put("SELFHEAL_SCORER_WARM_UP_EVERY", "1s");
        env.put("SELFHEAL_PIPELINE_POLL_EVERY", "0.2s");
        env.put("SELFHEAL_DATA_DIR", work.resolve("receiver-data").toString());
        process = ReceiverProcess.start(root, work.resolve("receiver.log"), PORT, env);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void stop() throws InterruptedException {
        JavaProcess.stop(process);
    }

    /** One webhook with a test alert per series, labelled {@code round}. */
    void post(int round) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        String now = Instant.now().toString();
        for (String a : alerts.values()) {
            String[] nameAndSeries = a.split("\\|");
            list.add(Map.of("status", "firing", "labels", Map.of("alertname", nameAndSeries[0], "series", nameAndSeries[1],
                    "round", String.valueOf(round), "selfheal_test", "true"), "annotations", Map.of(), "startsAt", now,
                    "endsAt", "0001-01-01T00:00:00Z"));
        }
        String body = JSON.writeValueAsString(Map.of("version", "4", "status", "firing", "receiver", "selfheal",
                "groupKey", "{}:{round=\"" + round + "\"}", "alerts", list));
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the receiver answered " + r.statusCode() + " to round " + round + "'s webhook");
        }
    }

    /** The confirm answer of every series in the round, once each has a decision or the time is up (then NO_DECISION). */
    Map<String, ConfirmAnswer> decisions(int round, Duration within) throws InterruptedException {
        Map<String, ConfirmAnswer> answers = new HashMap<>();
        Map<String, String> queryOf = new HashMap<>();
        alerts.forEach((q, a) -> queryOf.put(a, q));
        Instant end = Instant.now().plus(within);
        while (answers.size() < alerts.size() && Instant.now().isBefore(end)) {
            JsonNode list = CountingWorld.get(http, "http://127.0.0.1:" + PORT + "/api/v1/episodes?limit=1000", TOKEN);
            for (JsonNode e : list == null ? JSON.createArrayNode() : list.path("episodes")) {
                JsonNode labels = e.path("labels");
                String query = queryOf.get(labels.path("alertname").asText() + "|" + labels.path("series").asText());
                if (query == null || !labels.path("round").asText().equals(String.valueOf(round)) || answers.containsKey(query)) {
                    continue;
                }
                JsonNode detail = CountingWorld.get(http, "http://127.0.0.1:" + PORT + "/api/v1/episodes/"
                        + e.path("id").asLong(), TOKEN);
                ConfirmAnswer a = detail == null ? ConfirmAnswer.NO_DECISION : ConfirmAnswer.of(detail);
                if (a != ConfirmAnswer.NO_DECISION) {
                    answers.put(query, a);
                }
            }
            if (!alive()) {
                throw new IllegalStateException("the receiver exited on its own");
            }
            Thread.sleep(1000);
        }
        alerts.keySet().forEach(q -> answers.putIfAbsent(q, ConfirmAnswer.NO_DECISION));
        return answers;
    }

    /** The receiver's {@code selfheal_scorer_requests_total} by role and outcome, in words. */
    String routed() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return requests(r.body());
        } catch (IOException e) {
            return "(the receiver's metrics could not be read: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** {@code selfheal_scorer_requests_total{replica,role,outcome}} summed by role and outcome: "owner answered 40, …". */
    static String requests(String exposition) {
        Map<String, Double> byRoleAndOutcome = new TreeMap<>();
        exposition.lines().filter(l -> l.startsWith("selfheal_scorer_requests_total{")).forEach(l -> {
            Matcher m = LABEL.matcher(l.substring(0, l.lastIndexOf('}')));
            Map<String, String> labels = new HashMap<>();
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            byRoleAndOutcome.merge(labels.get("role") + " " + labels.get("outcome"),
                    Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
        });
        if (byRoleAndOutcome.isEmpty()) {
            return "none counted";
        }
        StringBuilder out = new StringBuilder();
        byRoleAndOutcome.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k.replace('_', '-')).append(' ')
                .append(Math.round(v)));
        return out.toString();
    }
}
