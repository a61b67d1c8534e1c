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
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code ./selfheal chaos scorers}: two scorer replicas ({@code a}, {@code b}) sharing one store
 * on PostgreSQL (a database of the run's own), a stand-in Prometheus serving 24 series, and a
 * receiver routing each series' confirm query to its owner among both ({@code SELFHEAL_SCORER_URLS}).
 * Test alerts (one per series) make the owners replay and train; the first replica seen holding a
 * training lease after one of its trainings is killed with SIGKILL; then every series is asked
 * again through the receiver. Counted: series without a saved model version, (series, version)
 * pairs trained twice, and confirms no scorer answered. Last line: key=value.
 */
public final class ScorersChaos {

    static final int RECEIVER = 18590;
    static final int[] SCORERS = {18591, 18592};
    static final String[] REPLICAS = {"a", "b"};
    static final int PROMETHEUS = 18593;
    /** The playbooks' action target: never called (test alerts run nothing), only allowed. */
    static final int NOWHERE = 18594;
    static final int PER_TEMPLATE = 8;
    static final int POINTS = 1000;
    static final String TOKEN = "scorers-chaos-token-0123456789abcdef";
    static final String SCORER_TOKEN = "scorers-chaos-scorer-token-0123456789";
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final Path work;
    private final ScorerStoreDb db;
    private final FleetPrometheus prometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process[] scorers = new Process[2];
    private Process receiver;
    private final Instant started = Instant.now();

    ScorersChaos(Path root, Path work, ScorerStoreDb db, FleetPrometheus prometheus) {
        this.root = root;
        this.work = work;
        this.db = db;
        this.prometheus = prometheus;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("selfheal-chaos-scorers-");
        FleetPrometheus prometheus = new FleetPrometheus(PER_TEMPLATE, POINTS, Instant.now().getEpochSecond());
        prometheus.start(PROMETHEUS);
        ScorersTally tally = null;
        try (ScorerStoreDb db = ScorerStoreDb.create()) {
            ScorersChaos chaos = new ScorersChaos(JavaProcess.root(), work, db, prometheus);
            System.out.println("chaos scorers: replicas a (127.0.0.1:" + SCORERS[0] + ") and b (:" + SCORERS[1]
                    + ") sharing PostgreSQL database " + db.name + ", a receiver on :" + RECEIVER + " routing over both, "
                    + FleetPrometheus.TEMPLATES.size() * PER_TEMPLATE + " series (" + FleetPrometheus.TEMPLATES.size()
                    + " metrics × " + PER_TEMPLATE + ", " + POINTS + " points at 15 s), logs in " + work);
            try {
                tally = chaos.run();
            } catch (IllegalStateException e) {
                System.out.println("chaos scorers stopped: " + e.getMessage());
            } finally {
                chaos.stopAll();
            }
        } finally {
            prometheus.stop();
        }
        if (tally == null) {
            System.exit(1);
        }
        if (!tally.ok()) {
            System.out.println("chaos scorers FAILED: a series without a saved model, a version trained twice, or a "
                    + "confirm no scorer answered (logs in " + work + ")");
        }
        System.out.println(tally.line());
        System.exit(tally.ok() ? 0 : 1);
    }

    ScorersTally run() throws Exception {
        Map<String, String> alerts = alertsBySeriesQuery();
        List<CompletableFuture<Process>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int r = i;
            starting.add(CompletableFuture.supplyAsync(() -> startScorer(r)));
        }
        for (int i = 0; i < 2; i++) {
            scorers[i] = starting.get(i).join();
        }
        step("scorers a and b ready on one store");
        startReceiver();
        step("receiver ready, SELFHEAL_SCORER_URLS over both replicas");
        post(alerts, 1);
        step(alerts.size() + " test alerts posted (round 1): each series' owner replays and trains it");
        int victim = killMidTraining();
        int survivor = 1 - victim;
        Map<String, ConfirmAnswer> first = decisions(alerts, 1, Duration.ofMinutes(6));
        step("round 1 decided: " + summary(first.values()));
        step("the receiver's scorer requests so far: " + routed());
        post(alerts, 2);
        Map<String, ConfirmAnswer> second = decisions(alerts, 2, Duration.ofMinutes(4));
        step("round 2 (every series asked again through the receiver, " + REPLICAS[victim] + " dead) decided: "
                + summary(second.values()));
        step("the receiver's scorer requests so far: " + routed());
        awaitReady(survivor, alerts.keySet());
        Map<String, String> ids = db.seriesIds();
        List<TrainingLog.Training> trainings = new ArrayList<>();
        long waits = 0;
        for (int i = 0; i < 2; i++) {
            String log = Files.readString(log(i));
            List<TrainingLog.Training> own = TrainingLog.trainings(log);
            trainings.addAll(own);
            waits += TrainingLog.waits(log);
            System.out.printf("replica %s: %d trainings%s%n", REPLICAS[i], own.size(), i == victim ? " (killed)" : "");
        }
        System.out.println("waits for a version another replica was training: " + waits);
        Map<String, String> queryOf = new HashMap<>();
        ids.forEach((q, id) -> queryOf.put(id, q));
        TrainingLog.duplicates(trainings).forEach((key, ts) -> System.out.println("trained more than once: "
                + queryOf.getOrDefault(key.split(" ")[0], key) + " " + key.split(" ")[1] + " by "
                + ts.stream().map(TrainingLog.Training::replica).toList()));
        second.forEach((q, a) -> {
            if (!a.answered()) {
                System.out.println("unanswered after the kill: " + q + " (" + a + ")");
            }
        });
        return ScorersTally.of(alerts.keySet(), ids, db.seriesWithModels(), trainings, second);
    }

    /** Each series' confirm query → the alert name whose playbook renders it. */
    private Map<String, String> alertsBySeriesQuery() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder playbooks = new StringBuilder("http:\n  allow: [http://127.0.0.1:" + NOWHERE + "/]\nplaybooks:\n");
        prometheus.series().forEach((metric, names) -> {
            String alert = alertName(metric);
            names.forEach(n -> out.put(metric + "{series=\"" + n + "\"}", alert + "|" + n));
            playbooks.append("""
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
        Files.writeString(work.resolve("playbooks.yml"), playbooks.toString());
        return out;
    }

    /** {@code chaos_latency_seconds} → {@code ChaosLatency}. */
    static String alertName(String metric) {
        String word = metric.split("_")[1];
        return "Chaos" + Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private Process startScorer(int i) {
        try {
            List<String> command = new ArrayList<>(List.of(JavaProcess.java(), "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                    "-Xmx" + System.getenv().getOrDefault("SELFHEAL_SCORER_HEAP", "256m"), "-jar",
                    root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()));
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(SCORERS[i]));
            env.put("SELFHEAL_PROMETHEUS_URL", "http://127.0.0.1:" + PROMETHEUS);
            env.put("SELFHEAL_MODEL_DIR", work.resolve("models-" + REPLICAS[i]).toString());
            env.put("SELFHEAL_SCORER_TOKEN", SCORER_TOKEN);
            env.put("SELFHEAL_SCORER_STORE_JDBC_URL", db.jdbcUrl());
            env.put("SELFHEAL_SCORER_STORE_USERNAME", ScorerStoreDb.USER);
            env.put("SELFHEAL_SCORER_STORE_LEASE_TTL", LEASE_TTL.toSeconds() + "s");
            env.put("SELFHEAL_SCORER_REPLICA", REPLICAS[i]);
            return JavaProcess.start(command, env, log(i), URI.create("http://127.0.0.1:" + SCORERS[i] + "/q/health/ready"),
                    Duration.ofSeconds(180));
        } catch (IOException e) {
            throw new IllegalStateException("scorer " + REPLICAS[i] + " could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Path log(int i) {
        return work.resolve("scorer-" + REPLICAS[i] + ".log");
    }

    private void startReceiver() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SELFHEAL_WEBHOOK_TOKEN", TOKEN);
        env.put("SELFHEAL_PLAYBOOKS", work.resolve("playbooks.yml").toString());
        env.put("SELFHEAL_SCORER_URLS", "http://127.0.0.1:" + SCORERS[0] + ",http://127.0.0.1:" + SCORERS[1]);
        env.put("SELFHEAL_SCORER_TOKEN", SCORER_TOKEN);
        env.put("SELFHEAL_SCORER_WARM_UP_EVERY", "1s");
        env.put("SELFHEAL_PIPELINE_POLL_EVERY", "0.2s");
        env.put("SELFHEAL_DATA_DIR", work.resolve("receiver-data").toString());
        receiver = ReceiverProcess.start(root, work.resolve("receiver.log"), RECEIVER, env);
    }

    /** One webhook with an alert per series (labelled {@code round}, so each round is an episode of its own). */
    private void post(Map<String, String> alerts, int round) throws Exception {
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
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RECEIVER + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the receiver answered " + r.statusCode() + " to round " + round + "'s webhook");
        }
    }

    /**
     * Watches both logs and the leases: the first replica that has finished a training and holds
     * a training lease now is killed with SIGKILL ({@link Process#destroyForcibly()} on Linux).
     * @return the index of the replica killed
     */
    private int killMidTraining() throws Exception {
        int[] done = new int[2];
        int[] held = new int[2];
        int[] victim = {-1};
        await("a replica caught training after one of its trainings", Duration.ofMinutes(6), () -> {
            for (int i = 0; i < 2; i++) {
                try {
                    done[i] = TrainingLog.trainings(Files.readString(log(i))).size();
                } catch (IOException e) {
                    done[i] = 0;
                }
                held[i] = done[i] > 0 ? db.trainingLeases(REPLICAS[i]) : 0;
                if (held[i] > 0) {
                    victim[0] = i;
                    return true;
                }
            }
            return false;
        });
        int v = victim[0];
        scorers[v].destroyForcibly().waitFor();
        step("killed " + REPLICAS[v] + " with SIGKILL: " + done[v] + " of its trainings done, " + held[v]
                + " training lease(s) held (" + REPLICAS[1 - v] + ": " + done[1 - v] + " done)");
        return v;
    }

    /** The confirm answer of every series in the round, once each has a decision (or the time is up). */
    private Map<String, ConfirmAnswer> decisions(Map<String, String> alerts, int round, Duration within) throws Exception {
        Map<String, ConfirmAnswer> answers = new HashMap<>();
        Map<String, String> queryOf = new HashMap<>();
        alerts.forEach((q, a) -> queryOf.put(a, q));
        Instant end = Instant.now().plus(within);
        while (answers.size() < alerts.size() && Instant.now().isBefore(end)) {
            JsonNode list = get(RECEIVER, "/api/v1/episodes?limit=1000", TOKEN);
            for (JsonNode e : list == null ? JSON.createArrayNode() : list.path("episodes")) {
                JsonNode labels = e.path("labels");
                String query = queryOf.get(labels.path("alertname").asText() + "|" + labels.path("series").asText());
                if (query == null || !labels.path("round").asText().equals(String.valueOf(round)) || answers.containsKey(query)) {
                    continue;
                }
                JsonNode detail = get(RECEIVER, "/api/v1/episodes/" + e.path("id").asLong(), TOKEN);
                ConfirmAnswer a = detail == null ? ConfirmAnswer.NO_DECISION : ConfirmAnswer.of(detail);
                if (a != ConfirmAnswer.NO_DECISION) {
                    answers.put(query, a);
                }
            }
            alive(receiver, "the receiver");
            Thread.sleep(1000);
        }
        alerts.keySet().forEach(q -> answers.putIfAbsent(q, ConfirmAnswer.NO_DECISION));
        return answers;
    }

    /** Until the survivor lists every series READY and none replaying (at most 4 minutes; what is missing then is counted). */
    private void awaitReady(int survivor, java.util.Set<String> queries) throws Exception {
        long[] ready = {0};
        Instant end = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(end)) {
            JsonNode models = get(SCORERS[survivor], "/api/v1/models", SCORER_TOKEN);
            ready[0] = 0;
            boolean idle = true;
            for (JsonNode m : models == null ? JSON.createArrayNode() : models.path("models")) {
                if (queries.contains(m.path("query").asText())) {
                    ready[0] += "READY".equals(m.path("status").asText()) ? 1 : 0;
                    idle &= !m.path("replaying").asBoolean(false);
                }
            }
            if (ready[0] == queries.size() && idle) {
                break;
            }
            alive(scorers[survivor], "the surviving scorer");
            Thread.sleep(1000);
        }
        step("survivor " + REPLICAS[survivor] + ": " + ready[0] + " of " + queries.size() + " series READY");
    }

    /** The receiver's {@code selfheal_scorer_requests_total} by role and outcome, in words. */
    private String routed() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RECEIVER + "/q/metrics"))
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
        Map<String, Double> byRoleAndOutcome = new java.util.TreeMap<>();
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("(role|outcome)=\"([^\"]*)\"");
        exposition.lines().filter(l -> l.startsWith("selfheal_scorer_requests_total{")).forEach(l -> {
            java.util.regex.Matcher m = label.matcher(l.substring(0, l.lastIndexOf('}')));
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

    private static String summary(java.util.Collection<ConfirmAnswer> answers) {
        Map<ConfirmAnswer, Long> counts = new java.util.EnumMap<>(ConfirmAnswer.class);
        answers.forEach(a -> counts.merge(a, 1L, Long::sum));
        return "from a model " + counts.getOrDefault(ConfirmAnswer.MODEL, 0L) + ", from the fallback "
                + counts.getOrDefault(ConfirmAnswer.FALLBACK, 0L) + ", scorer unavailable "
                + counts.getOrDefault(ConfirmAnswer.UNAVAILABLE, 0L) + ", no decision "
                + counts.getOrDefault(ConfirmAnswer.NO_DECISION, 0L);
    }

    private void step(String what) {
        System.out.printf("  %6.1f s  %s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0, what);
    }

    private void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (!done.getAsBoolean()) {
            for (int i = 0; i < 2; i++) {
                alive(scorers[i], "scorer " + REPLICAS[i]);
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(what + " did not happen within " + within.toSeconds() + " s; logs in " + work);
            }
            Thread.sleep(50);
        }
    }

    private void alive(Process p, String what) {
        if (p != null && !p.isAlive()) {
            throw new IllegalStateException(what + " exited on its own; logs in " + work);
        }
    }

    private JsonNode get(int port, String path, String token) {
        return CountingWorld.get(http, "http://127.0.0.1:" + port + path, token);
    }

    private void stopAll() throws InterruptedException {
        JavaProcess.stop(receiver);
        for (Process p : scorers) {
            JavaProcess.stop(p);
        }
    }
}
