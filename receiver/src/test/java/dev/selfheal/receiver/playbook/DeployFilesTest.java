package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files docker-compose mounts that the services read: valid, and consistent with the demo. */
class DeployFilesTest {

    @Test
    void theComposePlaybooksAreValidAndTargetTheDemoAppService() {
        List<Playbook> compose = PlaybookLoader.load(Path.of("../deploy/compose/playbooks.yml"));
        List<Playbook> local = PlaybookLoader.load(Path.of("../playbooks.yml"));
        assertThat(compose).extracting(Playbook::name).containsExactly("demo-app-error-rate", "demo-app-latency");
        assertThat(compose).allMatch(p -> p.target().url().startsWith("http://demo-app:8082/admin/"));
        for (Playbook p : compose) {
            Playbook same = local.stream().filter(l -> l.name().equals(p.name())).findFirst().orElseThrow();
            assertThat(p.confirm().query().text()).isEqualTo(same.confirm().query().text());
            assertThat(p.mode()).isEqualTo(same.mode());
        }
    }

    @Test
    void theGrafanaDashboardParsesAndQueriesTheMetricsThatExist() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("../deploy/grafana/dashboards/selfheal.json")));
        assertThat(dashboard.path("uid").asText()).isEqualTo("selfheal-demo");
        String exprs = dashboard.path("panels").findValuesAsText("expr").toString();
        assertThat(exprs).contains("job:http_error_ratio:rate1m", "demo_app_restarts_total",
                "selfheal_alerts_received_total", "selfheal_pagerduty_events_queued");
    }
}
