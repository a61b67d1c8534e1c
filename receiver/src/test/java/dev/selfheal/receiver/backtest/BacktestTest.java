package dev.selfheal.receiver.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.kubernetes.WorkloadGuard;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest's decisions over a scripted scorer: the real playbook loader, matcher, templates
 * and decision policy, with the scorer's answers given per decision time.
 */
class BacktestTest {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final Backtest.Safety SAFETY = new Backtest.Safety(5, Duration.ofMinutes(10), 30,
            new WorkloadGuard(List.of(), List.of("kube-system"), WorkloadGuard.NO_LABEL_REQUIRED));

    @TempDir
    Path dir;

    /** The scorer: anomalous and outside the band while the fault lasts, normal otherwise; records each ask. */
    private static final class Script implements Verdicts {
        final List<Instant> faultStarts = new ArrayList<>();
        final List<Instant> faultEnds = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        boolean down;
        boolean fallbackOnly;

        Script fault(Instant from, Instant to) {
            faultStarts.add(from);
            faultEnds.add(to);
            return this;
        }

        @Override
        public Verdict asOf(String query, Playbook.Confirm confirm, Instant end) {
            asked.add(query + " @ " + end);
            if (down) {
                return Verdict.unavailable("the scorer answered 503");
            }
            boolean inFault = false;
            for (int i = 0; i < faultStarts.size(); i++) {
                inFault |= !end.isBefore(faultStarts.get(i)) && end.isBefore(faultEnds.get(i));
            }
            return Verdict.served(inFault, inFault ? 0.9 : 0.1, confirm.threshold(),
                    fallbackOnly ? "FALLBACK (median/MAD fallback)" : "READY model x v1", !fallbackOnly,
                    inFault ? "outside its band" : null, null, inFault ? 3.0 : 0.4, null);
        }
    }

    private List<Playbook> playbooks(String mode, String extra) throws IOException {
        Path file = dir.resolve("playbooks.yml");
        Files.writeString(file, """
                http:
                  allow: [http://127.0.0.1:18080/admin/]
                playbooks:
                  - name: queue
                    match: '{alertname="QueueHigh"}'
                    confirm:
                      query: 'queue_depth{job="{{ .job }}"}'
                      step: 15s
                      persist: 1m
                    target: {kind: http, url: http://127.0.0.1:18080/admin/restart}
                    actions: [{type: http}]
                    mode: %s
                    cooldown: 30m
                    maxPerHour: 5
                %s""".formatted(mode, extra));
        return PlaybookLoader.load(file);
    }

    private static AlertOccurrence alert(Instant fired, Duration lasting) {
        return new AlertOccurrence(Map.of("alertname", "QueueHigh", "job", "svc"), fired, fired.plus(lasting));
    }

    @Test
    void aSustainedFaultIsRemediatedAndABlipIsSuppressedAfterThePersistenceWait() throws IOException {
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofMinutes(10)));
        Instant blip = T0.plus(Duration.ofHours(2));
        List<Backtest.Row> rows = new Backtest(playbooks("auto", ""), scorer, SAFETY).run(List.of(
                alert(blip, Duration.ofSeconds(15)), alert(T0.plus(Duration.ofSeconds(30)), Duration.ofMinutes(9))),
                (done, total) -> { });
        assertThat(rows).extracting(Backtest.Row::outcome)
                .containsExactly(Backtest.Outcome.REMEDIATE, Backtest.Outcome.SUPPRESSED);
        // asked as of the end of the 1m wait, with the alert's labels in the query, in time order
        assertThat(scorer.asked).containsExactly("queue_depth{job=\"svc\"} @ " + T0.plus(Duration.ofSeconds(90)),
                "queue_depth{job=\"svc\"} @ " + blip.plus(Duration.ofMinutes(1)));
        assertThat(rows.get(1).decision().cause()).isEqualTo(Decision.Cause.NORMAL);
    }

    @Test
    void aSecondFaultInsideTheCooldownIsHeldNotSuppressed() throws IOException {
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofMinutes(5)))
                .fault(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(25)))
                .fault(T0.plus(Duration.ofMinutes(60)), T0.plus(Duration.ofMinutes(65)));
        List<Backtest.Row> rows = new Backtest(playbooks("auto", ""), scorer, SAFETY).run(List.of(
                alert(T0, Duration.ofMinutes(5)), alert(T0.plus(Duration.ofMinutes(20)), Duration.ofMinutes(5)),
                alert(T0.plus(Duration.ofMinutes(60)), Duration.ofMinutes(5))), (done, total) -> { });
        assertThat(rows).extracting(Backtest.Row::outcome).containsExactly(Backtest.Outcome.REMEDIATE,
                Backtest.Outcome.HELD, Backtest.Outcome.REMEDIATE);
        assertThat(rows.get(1).decision().cause()).isEqualTo(Decision.Cause.COOLDOWN);
        assertThat(rows.get(1).confirmed()).isTrue();
    }

    @Test
    void aShadowPlaybookCountsAsItWouldInAutoAndApproveWaits() throws IOException {
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofMinutes(10)));
        List<AlertOccurrence> one = List.of(alert(T0, Duration.ofMinutes(10)));
        assertThat(new Backtest(playbooks("shadow", ""), scorer, SAFETY).run(one, (d, t) -> { }))
                .extracting(Backtest.Row::outcome).containsExactly(Backtest.Outcome.REMEDIATE);
        assertThat(new Backtest(playbooks("approve", ""), scorer, SAFETY).run(one, (d, t) -> { }))
                .extracting(Backtest.Row::outcome).containsExactly(Backtest.Outcome.APPROVE);
    }

    @Test
    void noVerdictOrOnlyTheFallbackIsUnavailable() throws IOException {
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofMinutes(10)));
        List<AlertOccurrence> one = List.of(alert(T0, Duration.ofMinutes(10)));
        scorer.down = true;
        assertThat(new Backtest(playbooks("auto", ""), scorer, SAFETY).run(one, (d, t) -> { }))
                .extracting(Backtest.Row::outcome).containsExactly(Backtest.Outcome.UNAVAILABLE);
        scorer.down = false;
        scorer.fallbackOnly = true;
        assertThat(new Backtest(playbooks("auto", ""), scorer, SAFETY).run(one, (d, t) -> { }))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Backtest.Outcome.UNAVAILABLE);
                    assertThat(r.decision().cause()).isEqualTo(Decision.Cause.MODEL_NOT_READY);
                });
    }

    @Test
    void theBlastRadiusHoldsTheNthTargetAndAGuardHoldsADeniedNamespace() throws IOException {
        Path file = dir.resolve("k8s.yml");
        Files.writeString(file, """
                playbooks:
                  - name: restart
                    match: '{alertname="QueueHigh"}'
                    confirm:
                      query: 'queue_depth{namespace="{{ .namespace }}", deployment="{{ .deployment }}"}'
                    target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment}
                    actions: [{type: rollout-restart}]
                    mode: auto
                """);
        List<Playbook> playbooks = PlaybookLoader.load(file);
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofHours(1)));
        List<AlertOccurrence> alerts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alerts.add(new AlertOccurrence(Map.of("alertname", "QueueHigh", "namespace", "shop",
                    "deployment", "web-" + i), T0.plus(Duration.ofMinutes(i)), null));
        }
        alerts.add(new AlertOccurrence(Map.of("alertname", "QueueHigh", "namespace", "kube-system",
                "deployment", "dns"), T0.plus(Duration.ofMinutes(4)), null));
        Backtest.Safety two = new Backtest.Safety(2, Duration.ofMinutes(10), 30, SAFETY.guard());
        List<Backtest.Row> rows = new Backtest(playbooks, scorer, two).run(alerts, (d, t) -> { });
        assertThat(rows).extracting(Backtest.Row::outcome).containsExactly(Backtest.Outcome.REMEDIATE,
                Backtest.Outcome.REMEDIATE, Backtest.Outcome.HELD, Backtest.Outcome.HELD);
        assertThat(rows).extracting(r -> r.decision().cause()).containsExactly(Decision.Cause.CONFIRMED,
                Decision.Cause.CONFIRMED, Decision.Cause.BLAST_RADIUS, Decision.Cause.BLAST_RADIUS);
        Backtest.Safety wide = new Backtest.Safety(5, Duration.ofMinutes(10), 30, SAFETY.guard());
        assertThat(new Backtest(playbooks, scorer, wide).run(alerts, (d, t) -> { }).get(3).decision())
                .satisfies(d -> {
                    assertThat(d.cause()).isEqualTo(Decision.Cause.GUARD);
                    assertThat(d.reason()).contains("kube-system is denied");
                });
    }

    @Test
    void theSummaryLineCountsAlertsOnceAndEveryOutcomePerPlaybook() throws IOException {
        Script scorer = new Script().fault(T0, T0.plus(Duration.ofMinutes(10)));
        List<Playbook> playbooks = playbooks("auto", "");
        List<AlertOccurrence> alerts = List.of(alert(T0, Duration.ofMinutes(10)),
                alert(T0.plus(Duration.ofHours(3)), Duration.ofSeconds(15)),
                new AlertOccurrence(Map.of("alertname", "Other"), T0, null));
        List<Backtest.Row> rows = new Backtest(playbooks, scorer, SAFETY).run(alerts, (d, t) -> { });
        BacktestArgs args = new BacktestArgs(T0, T0.plus(Duration.ofDays(1)), java.net.URI.create("http://p:9090"),
                null, dir.resolve("playbooks.yml"), List.of(), null);
        BacktestReport report = new BacktestReport(new BacktestReport.Run(args, "ALERTS", "test", 2, 0.1), playbooks,
                alerts, rows);
        assertThat(report.summaryLine()).isEqualTo("alerts=3 remediate=1 suppressed=1 approve=0 held=0 unavailable=0");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        report.print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).contains("no playbook matches").endsWith(report.summaryLine() + System.lineSeparator());
        Path json = dir.resolve("out.json");
        report.writeJson(json);
        com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertThat(written.path("totals").path("remediate").asInt()).isEqualTo(1);
        assertThat(written.path("decisions")).hasSize(2);
        assertThat(written.path("unmatched")).hasSize(1);
    }
}
