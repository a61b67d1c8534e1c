package dev.selfheal.receiver;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.Fixtures;
import dev.selfheal.receiver.support.RealPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable the contract names, {@code receiver/target/quarkus-app/quarkus-run.jar}, started as
 * a user would: episodes survive a clean stop and a SIGKILL; no credential means no start.
 */
class ReceiverJarIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String TOKEN = "it-token-0123456789";

    @TempDir
    Path dataDir;
    private Process process;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private Process start(Map<String, String> env, Path log) throws IOException {
        port = RealPrograms.freePort();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SELFHEAL_") || k.startsWith("QUARKUS_"));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("SELFHEAL_DATA_DIR", dataDir.resolve("db").toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private void startReady() throws IOException {
        process = start(Map.of("SELFHEAL_WEBHOOK_TOKEN", TOKEN), dataDir.resolve("receiver.log"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }

    private void post(String fixture) {
        given().port(port).header("Authorization", "Bearer " + TOKEN).contentType("application/json")
                .body(Fixtures.webhook(fixture)).post("/api/v1/alerts").then().statusCode(200);
    }

    private List<Map<String, Object>> episodes() {
        return given().port(port).header("Authorization", "Bearer " + TOKEN).get("/api/v1/episodes")
                .then().statusCode(200).extract().jsonPath().getList("episodes");
    }

    /**
     * On the packaged receiver's defaults (intake journal, fsync, preallocated segments): a
     * startsAt of year 9999 gets a 400; a record of it that an older receiver accepted into the
     * journal becomes a dead letter with its reason, and the real alert after it is an episode
     * within 5 s: one odd alert never stops the intake again.
     */
    @Test
    void anUnstorableAlertIsRefusedOrDeadLetteredAndTheIntakeGoesOn() throws Exception {
        startReady();
        String year9999 = "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"Far\"},"
                + "\"startsAt\":\"9999-12-31T23:59:59Z\",\"endsAt\":\"0001-01-01T00:00:00Z\"}]}";
        given().port(port).header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(year9999)
                .post("/api/v1/alerts").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("outside the range the store holds"));
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // what a receiver without the check had accepted: the record sits in the journal
        byte[] body = year9999.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] payload = java.nio.ByteBuffer.allocate(8 + body.length).putLong(System.currentTimeMillis()).put(body).array();
        try (var journal = dev.selfheal.receiver.journal.JournalFile.open(dataDir.resolve("db").resolve("journal"),
                64L << 20, 0, true, true)) {
            journal.append(List.of(payload));
        }
        startReady();
        long posted = System.nanoTime();
        post("01-prom-HighErrorRate-firing-single");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> episodes().size() == 1);
        assertThat(System.nanoTime() - posted).isLessThan(5_000_000_000L);
        List<Map<String, Object>> letters = given().port(port).header("Authorization", "Bearer " + TOKEN)
                .get("/api/v1/intake/dead-letters").then().statusCode(200).extract().jsonPath().getList("deadLetters");
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.get("kind")).isEqualTo("webhook");
            assertThat((String) d.get("reason")).contains("no longer parses", "alerts[0].startsAt");
        });
        given().port(port).get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "selfheal_intake_dead_letters_total{kind=\"webhook\"} 1.0"));
    }

    @Test
    void episodesSurviveACleanStopAndAKill() throws Exception {
        startReady();
        post("01-prom-HighErrorRate-firing-single");
        process.destroy(); // SIGTERM: a clean stop
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // ready means the intake accepts again; the journal's records become episodes right after
        startReady();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !episodes().isEmpty());
        assertThat(episodes()).singleElement().satisfies(e -> assertThat(e.get("status")).isEqualTo("firing"));
        post("03-prom-HighErrorRate-resolved");
        process.destroyForcibly().waitFor(); // SIGKILL right after the 2xx

        startReady();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> episodes().stream().anyMatch(e -> "resolved".equals(e.get("status"))));
        List<Map<String, Object>> episodes = episodes();
        assertThat(episodes).singleElement().satisfies(e -> {
            assertThat(e.get("status")).isEqualTo("resolved");
            assertThat(e.get("endsAt")).isEqualTo("2026-11-28T22:30:18.687Z");
        });
    }

    @Test
    void secretsNeverReachTheLog() throws Exception {
        startReady();
        given().port(port).header("Authorization", "Bearer wrong-secret-4711").contentType("application/json")
                .body(Fixtures.webhook("01-prom-HighErrorRate-firing-single")).post("/api/v1/alerts").then().statusCode(401);
        given().port(port).header("Authorization", "Bearer " + TOKEN).contentType("application/json")
                .body("{\"alerts\": 5}").post("/api/v1/alerts").then().statusCode(400);
        post("01-prom-HighErrorRate-firing-single");
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        String log = Files.readString(dataDir.resolve("receiver.log"));
        assertThat(log).contains("started").doesNotContain(TOKEN).doesNotContain("wrong-secret-4711");
    }

    @Test
    void refusesToStartWithoutACredential() throws Exception {
        Path log = dataDir.resolve("nocred.log");
        process = start(Map.of(), log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the receiver must exit").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("no webhook credential configured");
    }

    @Test
    void startsWithAuthTurnedOffExplicitlyAndWarns() throws Exception {
        Path log = dataDir.resolve("noauth.log");
        process = start(Map.of("SELFHEAL_WEBHOOK_AUTH_ENABLED", "false"), log);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
        given().port(port).contentType("application/json").body(Fixtures.webhook("01-prom-HighErrorRate-firing-single"))
                .post("/api/v1/alerts").then().statusCode(200);
        assertThat(Files.readString(log)).contains("AUTHENTICATION IS OFF");
    }
}
