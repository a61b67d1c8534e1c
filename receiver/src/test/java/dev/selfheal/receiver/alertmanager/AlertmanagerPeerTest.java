package dev.selfheal.receiver.alertmanager;

import static dev.selfheal.receiver.support.Api.authed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.RealPrograms;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Alertmanager 0.25 (Debian's prometheus-alertmanager) as the peer: alerts posted to its
 * API reach the receiver through a webhook with a bearer credentials_file, then resolve.
 */
@QuarkusTest
class AlertmanagerPeerTest {

    @TempDir
    Path dir;
    private Process alertmanager;
    private String alertmanagerUrl;

    @BeforeEach
    void startAlertmanager() throws IOException {
        String binary = RealPrograms.require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
        Path token = Files.writeString(dir.resolve("token"), Api.TOKEN + "\n");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: selfheal
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: selfheal
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alerts
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials_file: %s
                """.formatted(RestAssured.port, token));
        int port = RealPrograms.freePort();
        alertmanagerUrl = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(binary, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> given().baseUri(alertmanagerUrl).port(port).get("/-/ready").statusCode() == 200);
    }

    @AfterEach
    void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor();
        }
    }

    @Test
    void alertsPostedToRealAlertmanagerArriveAsEpisodesThenResolve() {
        String alertname = "PeerTest" + UUID.randomUUID().toString().substring(0, 8);
        Instant startsAt = Instant.now().minusSeconds(5);
        postToAlertmanager(alertname, startsAt, null);

        Map<String, Object> firing = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> find(alertname), Optional::isPresent).orElseThrow();
        assertThat(firing.get("status")).isEqualTo("firing");
        TreeMap<String, String> labels = new TreeMap<>(Map.of("alertname", alertname, "instance", "peer:9100",
                "severity", "warning"));
        assertThat(firing.get("fingerprint")).isEqualTo(AlertmanagerFingerprint.of(labels));

        postToAlertmanager(alertname, startsAt, Instant.now());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> find(alertname).map(e -> e.get("status")).orElse(""), "resolved"::equals);
        Map<String, Object> resolved = Api.episode(firing.get("id"));
        assertThat((List<Map<String, Object>>) resolved.get("timeline")).extracting(t -> t.get("status"))
                .containsExactly("firing", "resolved");
        assertThat(resolved.get("timeline").toString()).contains("selfheal");
    }

    private void postToAlertmanager(String alertname, Instant startsAt, Instant endsAt) {
        String body = "[{\"labels\":{\"alertname\":\"" + alertname + "\",\"instance\":\"peer:9100\",\"severity\":"
                + "\"warning\"},\"annotations\":{\"summary\":\"peer test\"},\"startsAt\":\"" + startsAt + "\""
                + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]";
        given().baseUri(alertmanagerUrl).port(Integer.parseInt(alertmanagerUrl.substring(alertmanagerUrl.lastIndexOf(':') + 1)))
                .contentType("application/json").body(body).post("/api/v2/alerts").then().statusCode(200);
    }

    private static Optional<Map<String, Object>> find(String alertname) {
        List<Map<String, Object>> all = authed().get("/api/v1/episodes?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("episodes");
        return all.stream().filter(e -> alertname.equals(e.get("alertname"))).findFirst();
    }
}
