package dev.selfheal.receiver.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfirmSeriesTest {

    @Test
    void theRepositoryPlaybooksAskForTheirSeriesBeforeAnyAlertWhenTheMatchPinsThemAndOnceAlertsNameThemOtherwise()
            throws IOException {
        List<Playbook> playbooks = PlaybookLoader.load(Path.of("../playbooks.yml"));
        // the demo playbooks match job="demo-app": their series are known before any alert
        assertThat(ConfirmSeries.of(playbooks, List.of())).extracting(ConfirmSeries.Query::query)
                .hasSize(2).allSatisfy(q -> assertThat(q).contains("job=\"demo-app\"").doesNotContain("{{"));
        assertThat(ConfirmSeries.of(playbooks, List.of())).anySatisfy(q -> {
            assertThat(q.query()).contains("http_errors_total");
            assertThat(q.step()).isEqualTo(Duration.ofSeconds(2));
        });

        // the shop playbook (namespace=~"shop|cart", deployment from the alert) waits for alerts
        Map<String, String> shop = Map.of("alertname", "HighErrorRate", "namespace", "shop", "deployment", "web");
        List<Map<String, String>> recent = List.of(shop, shop, Map.of("alertname", "Unrelated", "namespace", "x"));
        assertThat(ConfirmSeries.of(playbooks, recent)).hasSize(3)
                .anySatisfy(q -> assertThat(q.query()).contains("namespace=\"shop\"", "deployment=\"web\""))
                .allSatisfy(q -> assertThat(q.query()).doesNotContain("namespace=\"x\""));
    }

    @Test
    void aTemplatedPlaybookAsksForAtMostItsBoundAndSkipsAlertsWithoutItsLabels() throws IOException {
        Path file = Files.createTempFile("playbooks", ".yml");
        Files.writeString(file, """
                http:
                  allow: [http://127.0.0.1:9/]
                playbooks:
                  - name: per-pod
                    match: '{alertname="PodErrors"}'
                    confirm:
                      query: 'errors{pod="{{ .pod }}"}'
                    target: {kind: http, url: http://127.0.0.1:9/restart}
                    actions: [{type: http}]
                """);
        List<Map<String, String>> recent = new ArrayList<>();
        recent.add(Map.of("alertname", "PodErrors"));
        for (int i = 0; i < ConfirmSeries.MAX_PER_PLAYBOOK + 10; i++) {
            recent.add(Map.of("alertname", "PodErrors", "pod", "p-" + i));
        }
        var queries = ConfirmSeries.of(PlaybookLoader.load(file), recent);
        assertThat(queries).hasSize(ConfirmSeries.MAX_PER_PLAYBOOK);
        assertThat(queries.iterator().next().query()).isEqualTo("errors{pod=\"p-0\"}");
    }
}
