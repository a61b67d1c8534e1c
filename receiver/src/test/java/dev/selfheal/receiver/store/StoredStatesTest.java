package dev.selfheal.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.receiver.action.ActionExecutions;
import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.domain.AlertStatus;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.pagerduty.EventAction;
import dev.selfheal.receiver.pagerduty.OutboxDoubt;
import dev.selfheal.receiver.pagerduty.OutboxState;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.remediation.Remediation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every stored state is checked by the store (V12), and each check allows exactly the values of
 * the Java enum or constants that write it: a new enum value without a migration, or a migration
 * without the enum, fails here, not in production.
 */
class StoredStatesTest {

    private static final String URL = "jdbc:h2:mem:stored-states;DB_CLOSE_DELAY=-1";
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'");
    private static final Map<String, Set<String>> CHECKS = new HashMap<>();

    @BeforeAll
    static void migrate() throws SQLException {
        Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS")) {
            while (rs.next()) {
                Set<String> values = new TreeSet<>();
                Matcher m = LITERAL.matcher(rs.getString(2));
                while (m.find()) {
                    values.add(m.group(1));
                }
                CHECKS.put(rs.getString(1).toLowerCase(), values);
            }
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void eachCheckAllowsExactlyItsEnum() {
        Set<String> alert = Stream.of(AlertStatus.values()).map(AlertStatus::wireName).collect(Collectors.toSet());
        assertThat(CHECKS.get("ck_episode_status")).isEqualTo(alert);
        assertThat(CHECKS.get("ck_alert_delivery_status")).isEqualTo(alert);
        assertThat(CHECKS.get("ck_pipeline_work_stage")).isEqualTo(Set.copyOf(WorkQueue.ORDER));
        assertThat(CHECKS.get("ck_episode_decision_kind")).isEqualTo(names(Decision.Kind.values()));
        Set<String> executions = names(ActionOutcome.Status.values());
        executions.add(ActionExecutions.STARTED);
        assertThat(CHECKS.get("ck_action_execution_state")).isEqualTo(executions);
        assertThat(CHECKS.get("ck_remediation_state")).isEqualTo(names(Remediation.State.values()));
        assertThat(CHECKS.get("ck_pagerduty_outbox_event_action"))
                .isEqualTo(Stream.of(EventAction.values()).map(EventAction::wire).collect(Collectors.toSet()));
        assertThat(CHECKS.get("ck_pagerduty_outbox_state")).isEqualTo(names(OutboxState.values()));
        assertThat(CHECKS.get("ck_pagerduty_outbox_doubt")).isEqualTo(names(OutboxDoubt.values()));
        assertThat(CHECKS.get("ck_slack_outbox_state")).isEqualTo(names(OutboxState.values()));
        assertThat(CHECKS.get("ck_slack_outbox_doubt")).isEqualTo(names(OutboxDoubt.values()));
        assertThat(CHECKS.get("ck_slack_outbox_method")).isEqualTo(Set.copyOf(dev.selfheal.receiver.slack.SlackOutbox.METHODS));
    }

    @Test
    void theStoreRefusesAStateOutsideItsSet() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO pipeline_work (episode_id, stage, "
                    + "due_at) VALUES (1, 'deicde', CURRENT_TIMESTAMP)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("CK_PIPELINE_WORK_STAGE");
        }
    }
}
