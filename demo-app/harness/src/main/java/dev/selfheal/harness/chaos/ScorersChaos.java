package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.harness.bench.JavaProcess;
import dev.selfheal.harness.bench.TrainedScorer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code ./selfheal chaos scorers}: two scorer replicas ({@code a}, {@code b}) sharing one store
 * on PostgreSQL (a database of the run's own), a stand-in Prometheus serving 24 series, and a
 * receiver routing each series' confirm query to its owner among both ({@link FleetReceiver}).
 * Test alerts (one per series) make the owners replay and train; the first replica seen holding a
 * training lease after one of its trainings is killed with SIGKILL; then every series is asked
 * again through the receiver. Counted: series without a saved model version, (series, version)
 * pairs trained twice, and confirms no scorer answered. Last line: key=value.
 */
public final class ScorersChaos {

    static final int[] SCORERS = {18591, 18592};
    static final String[] REPLICAS = {"a", "b"};
    static final int PROMETHEUS = 18593;
    static final int PER_TEMPLATE = 8;
    static final int POINTS = 1000;
    static final String SCORER_TOKEN = "scorers-chaos-scorer-token-0123456789";
    /** Short, so the lease a killed replica held runs out soon and the survivor takes the training over. */
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final Path work;
    private final ScorerStoreDb db;
    private final FleetReceiver receiver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process[] scorers = new Process[2];
    private final Instant started = Instant.now();

    ScorersChaos(Path root, Path work, ScorerStoreDb db, FleetReceiver receiver) {
        this.root = root;
        this.work = work;
        this.db = db;
        this.receiver = receiver;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("selfheal-chaos-scorers-");
        FleetPrometheus prometheus = new FleetPrometheus(PER_TEMPLATE, POINTS, Instant.now().getEpochSecond());
        ScorerStoreDb db;
        try {
            db = ScorerStoreDb.create();
        } catch (SQLException e) {
            System.out.println("chaos scorers needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth, database test): "
                    + e.getMessage());
            System.exit(1);
            return;
        }
        ScorersTally tally = null;
        try (db) {
            prometheus.start(PROMETHEUS);
            ScorersChaos chaos = new ScorersChaos(JavaProcess.root(), work, db,
                    new FleetReceiver(prometheus, work.resolve("playbooks.yml")));
            System.out.println("chaos scorers: replicas a (127.0.0.1:" + SCORERS[0] + ") and b (:" + SCORERS[1]
                    + ") sharing PostgreSQL database " + db.name + ", a receiver on :" + FleetReceiver.PORT
                    + " routing over both, " + FleetPrometheus.TEMPLATES.size() * PER_TEMPLATE + " series ("
                    + FleetPrometheus.TEMPLATES.size() + " metrics × " + PER_TEMPLATE + ", " + POINTS
                    + " points at 15 s), logs in " + work);
            try {
                tally = chaos.run();
            } catch (IllegalStateException e) { // a step failed: a process exited, a wait ran out
                System.out.println("chaos scorers stopped: " + e.getMessage() + "; logs in " + work);
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
        List<CompletableFuture<Process>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int r = i;
            starting.add(CompletableFuture.supplyAsync(() -> startScorer(r)));
        }
        RuntimeException failed = null;
        for (int i = 0; i < 2; i++) { // both joined, so a replica that started is stopped even when the other did not
            try {
                scorers[i] = starting.get(i).join();
            } catch (java.util.concurrent.CompletionException e) {
                failed = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        step("scorers a and b ready on one store");
        receiver.start(root, work, List.of(SCORERS[0], SCORERS[1]), SCORER_TOKEN);
        step("receiver ready, SELFHEAL_SCORER_URLS over both replicas");
        receiver.post(1);
        step(receiver.alerts.size() + " test alerts posted (round 1): each series' owner replays and trains it");
        int victim = killMidTraining();
        Map<String, ConfirmAnswer> first = receiver.decisions(1, Duration.ofMinutes(6));
        step("round 1 decided: " + summary(first.values()));
        step("the receiver's scorer requests so far: " + receiver.routed());
        receiver.post(2);
        Map<String, ConfirmAnswer> second = receiver.decisions(2, Duration.ofMinutes(4));
        step("round 2 (every series asked again through the receiver, " + REPLICAS[victim] + " dead) decided: "
                + summary(second.values()));
        step("the receiver's scorer requests so far: " + receiver.routed());
        awaitReady(1 - victim, receiver.alerts.keySet());
        return tally(victim, second);
    }

    private ScorersTally tally(int victim, Map<String, ConfirmAnswer> afterKill) throws Exception {
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
        afterKill.forEach((q, a) -> {
            if (!a.answered()) {
                System.out.println("unanswered after the kill: " + q + " (" + a + ")");
            }
        });
        return ScorersTally.of(receiver.alerts.keySet(), ids, db.seriesWithModels(), trainings, afterKill);
    }

    private Process startScorer(int i) {
        try {
            List<String> command = new ArrayList<>(List.of(JavaProcess.java()));
            command.addAll(TrainedScorer.jvmOptions(System.getenv().getOrDefault("SELFHEAL_SCORER_HEAP", "512m")));
            command.addAll(List.of("-jar", root.resolve("scorer/target/quarkus-app/quarkus-run.jar").toString()));
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

    /** Until the survivor lists every series READY and none replaying (at most 4 minutes; what is missing then is counted). */
    private void awaitReady(int survivor, Set<String> queries) throws Exception {
        long ready = 0;
        Instant end = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(end)) {
            JsonNode models = CountingWorld.get(http, "http://127.0.0.1:" + SCORERS[survivor] + "/api/v1/models", SCORER_TOKEN);
            ready = 0;
            boolean idle = true;
            for (JsonNode m : models == null ? JSON.createArrayNode() : models.path("models")) {
                if (queries.contains(m.path("query").asText())) {
                    ready += "READY".equals(m.path("status").asText()) ? 1 : 0;
                    idle &= !m.path("replaying").asBoolean(false);
                }
            }
            if (ready == queries.size() && idle) {
                break;
            }
            if (!scorers[survivor].isAlive()) {
                throw new IllegalStateException("the surviving scorer exited on its own");
            }
            Thread.sleep(1000);
        }
        step("survivor " + REPLICAS[survivor] + ": " + ready + " of " + queries.size() + " series READY");
    }

    private static String summary(Collection<ConfirmAnswer> answers) {
        Map<ConfirmAnswer, Long> counts = new EnumMap<>(ConfirmAnswer.class);
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
                if (!scorers[i].isAlive()) {
                    throw new IllegalStateException("scorer " + REPLICAS[i] + " exited on its own");
                }
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(what + " did not happen within " + within.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private void stopAll() throws InterruptedException {
        receiver.stop();
        for (Process p : scorers) {
            JavaProcess.stop(p);
        }
    }
}
