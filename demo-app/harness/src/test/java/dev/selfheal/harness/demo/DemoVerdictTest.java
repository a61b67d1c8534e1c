package dev.selfheal.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's verdict, decided in code: what each fault must show, and the targets of its medians. */
class DemoVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final DemoMain.BlipRun SUPPRESSED = new DemoMain.BlipRun(true, 0, "");

    /** An episode as GET /api/v1/episodes/{id} shows it, its entries at the given seconds after T0. */
    private static JsonNode episode(String decision, String remediation, String... events) throws Exception {
        StringBuilder t = new StringBuilder("[{\"kind\":\"delivery\",\"at\":\"" + T0.plusSeconds(6) + "\",\"status\":\"firing\"},"
                + "{\"kind\":\"decision\",\"at\":\"" + T0.plusSeconds(6) + "\",\"status\":\"" + decision + "\",\"reason\":\"r\","
                + "\"waitedUntil\":\"" + T0.plusSeconds(16) + "\",\"scorer\":{\"model\":{\"status\":\"READY\"}}},"
                + "{\"kind\":\"action\",\"at\":\"" + T0.plusMillis(16_105) + "\",\"status\":\"SUCCEEDED\"},"
                + "{\"kind\":\"remediation\",\"at\":\"" + T0.plusSeconds(19) + "\",\"status\":\"" + remediation + "\"},"
                + "{\"kind\":\"verification\",\"at\":\"" + T0.plusSeconds(19) + "\",\"status\":\"healed\",\"scorerBackAt\":\""
                + T0.plusSeconds(18) + "\"}");
        for (String e : events) {
            t.append(",{\"kind\":\"pagerduty\",\"at\":\"").append(T0.plusSeconds(20)).append("\",\"status\":\"").append(e)
                    .append("\",\"dedupKey\":\"k1\"}");
        }
        return JSON.readTree("{\"id\":1,\"timeline\":" + t + "]}");
    }

    private static FaultRun healedFault(int n) throws Exception {
        return FaultRun.of(n, T0, episode("REMEDIATE", "HEALED", "trigger", "change", "resolve"), T0.plusSeconds(14), 1);
    }

    @Test
    void aFaultReadFromItsEpisodeGivesTheFiguresTheLastLineShows() throws Exception {
        FaultRun r = healedFault(1);
        assertThat(r.problem()).isEmpty();
        assertThat(r.healed()).isTrue();
        assertThat(r.mttrSeconds()).isEqualTo(14.0);
        assertThat(r.healedSeconds()).isEqualTo(19.0);
        assertThat(r.webhookToActionMs()).isEqualTo(105); // from the end of the persistence wait, not the webhook
        assertThat(r.confirmWaitMs()).isEqualTo(10_000);
        assertThat(r.events()).isEqualTo("trigger,change,resolve");
        assertThat(r.scorerHealSeconds()).isEqualTo(18.0);
    }

    @Test
    void aHealTheScorerNeverSawFails() throws Exception {
        JsonNode e = episode("REMEDIATE", "HEALED", "trigger", "change", "resolve");
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.path("timeline").get(4)).remove("scorerBackAt");
        FaultRun r = FaultRun.of(1, T0, e, T0.plusSeconds(14), 1);
        assertThat(r.problem()).contains("never saw the scorer read the series back in its band");
        assertThat(r.scorerHealSeconds()).isEqualTo(-1);
    }

    @Test
    void threeHealedFaultsAndASuppressedBlipWithinTheTargetsPass() throws Exception {
        FaultRun.Summary s = FaultRun.summarize(List.of(healedFault(1), healedFault(2), healedFault(3)));
        DemoVerdict v = DemoVerdict.of(3, s, SUPPRESSED, "READY", "");
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
    }

    @Test
    void aFaultRemediatedTwiceOrNotHealedOrWronglyAuditedFails() throws Exception {
        FaultRun twice = FaultRun.of(2, T0, episode("REMEDIATE", "HEALED", "trigger", "change", "resolve"), T0.plusSeconds(14), 2);
        FaultRun escalated = FaultRun.of(3, T0, episode("REMEDIATE", "ESCALATED", "trigger", "change"), T0.plusSeconds(14), 1);
        DemoVerdict v = DemoVerdict.of(3, FaultRun.summarize(List.of(healedFault(1), twice, escalated)), SUPPRESSED, "READY", "");
        assertThat(v.ok()).isFalse();
        assertThat(String.join("; ", v.problems())).contains("fault 2 restarted demo-app 2 times")
                .contains("fault 3 ended ESCALATED").contains("fault 3 sent PagerDuty trigger,change");
    }

    @Test
    void aSuppressedFaultFailsWithTheDecisionsReason() throws Exception {
        FaultRun suppressed = FaultRun.of(1, T0, episode("SUPPRESSED", "none"), T0.plusSeconds(14), 0);
        DemoVerdict v = DemoVerdict.of(1, FaultRun.summarize(List.of(suppressed)), SUPPRESSED, "READY", "");
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("fault 1 was decided SUPPRESSED"))
                .anySatisfy(p -> assertThat(p).contains("0 remediations for 1 faults"));
    }

    @Test
    void mediansOverTheTargetsFail() {
        FaultRun.Summary slow = new FaultRun.Summary(3, true, 20.5, 31, 301, 10_000, 25.5, "trigger,change,resolve", "");
        assertThat(DemoVerdict.of(3, slow, SUPPRESSED, "READY", "").problems()).containsExactly(
                "MTTR 20.5 s over its target 20 s", "fault to healed 31.0 s over its target 30 s",
                "webhook to action 301.0 ms over its target 300 ms", "fault to the scorer's heal 25.5 s over its target 25 s");
        FaultRun.Summary atTarget = new FaultRun.Summary(3, true, 20, 30, 300, 10_000, 25, "trigger,change,resolve", "");
        assertThat(DemoVerdict.of(3, atTarget, SUPPRESSED, "READY", "").ok()).isTrue();
        FaultRun.Summary unmeasured = new FaultRun.Summary(3, true, -1, 30, 300, 10_000, 20, "trigger,change,resolve", "");
        assertThat(DemoVerdict.of(3, unmeasured, SUPPRESSED, "READY", "").problems()).containsExactly("MTTR never measured");
    }

    @Test
    void aBlipThatRestartedTheFallbackOrABrokenConsoleFails() {
        FaultRun.Summary s = new FaultRun.Summary(3, true, 14, 19, 105, 10_000, 18, "trigger,change,resolve", "");
        assertThat(DemoVerdict.of(3, s, new DemoMain.BlipRun(false, 1, "the blip was not suppressed by the scorer; "),
                "READY", "").problems()).containsExactly("the blip was not suppressed by the scorer;");
        assertThat(DemoVerdict.of(3, s, SUPPRESSED, "FALLBACK", "").problems())
                .containsExactly("the scorer decided with its model FALLBACK, not a trained one (READY)");
        assertThat(DemoVerdict.of(3, s, SUPPRESSED, "READY", "the console's episode page did not show the chart; ").ok())
                .isFalse();
    }
}
