package dev.selfheal.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's view around the decision, its axes' ticks, and which annotations become links. */
class ScorerChartTest {

    static final Instant START = Instant.parse("2026-12-05T03:00:00Z");

    /** 120 points at 15 s (30 minutes), flat at 1.0, the last eight at 5.0 and anomalous. */
    static JsonNode evidence() {
        ObjectNode explain = new ObjectMapper().createObjectNode();
        ArrayNode ts = explain.putArray("timestamps");
        ArrayNode values = explain.putArray("values");
        ArrayNode anomalous = explain.putArray("anomalous");
        ArrayNode score = explain.putArray("score");
        for (int i = 0; i < 120; i++) {
            ts.add(START.getEpochSecond() + 15L * i);
            values.add(i >= 112 ? 5.0 : 1.0);
            anomalous.add(i >= 112);
            score.add(i >= 112 ? 0.9 : 0.1);
        }
        explain.put("threshold", 0.5);
        ObjectNode evidence = new ObjectMapper().createObjectNode();
        evidence.set("explain", explain);
        return evidence;
    }

    @Test
    void aroundTheDecisionShowsTheMinutesBeforeItAndTheActionsAfter() {
        Instant decided = START.plusSeconds(15 * 119);
        Instant action = decided.plusSeconds(120);
        ScorerChart whole = ScorerChart.of(evidence(), List.of(new ScorerChart.Mark(decided, "decision"),
                new ScorerChart.Mark(action, "action"))).orElseThrow();
        ScorerChart around = whole.around(decided);
        assertThat(whole.points()).hasSize(120);
        assertThat(around.points()).hasSize(21); // five minutes at 15 s, both ends
        assertThat(around.from()).isEqualTo(decided.minus(ScorerChart.BEFORE));
        assertThat(around.to()).as("reaches the action after the decision").isEqualTo(action);
        assertThat(around.points().stream().filter(ScorerChart.Point::anomalous)).hasSize(8);
        assertThat(around.placedMarks()).extracting(ScorerChart.PlacedMark::x).allSatisfy(x ->
                assertThat(x).isBetween((double) ScorerChart.LEFT, (double) ScorerChart.WIDTH - ScorerChart.RIGHT));
        assertThat(whole.around(START.minusSeconds(3600))).as("nothing in view: the whole window").isSameAs(whole);
    }

    @Test
    void theAxesHaveRoundTicksInsideThePlot() {
        ScorerChart whole = ScorerChart.of(evidence(), List.of()).orElseThrow();
        List<ChartAxes.Tick> times = whole.timeTicks();
        assertThat(times).extracting(ChartAxes.Tick::label).containsExactly("03:00", "03:05", "03:10", "03:15", "03:20",
                "03:25");
        assertThat(times).allSatisfy(t -> assertThat(t.at()).isBetween((double) ScorerChart.LEFT,
                (double) ScorerChart.WIDTH - ScorerChart.RIGHT));
        List<ChartAxes.Tick> values = whole.valueTicks();
        assertThat(values).extracting(ChartAxes.Tick::label).containsExactly("1", "2", "3", "4", "5");
        assertThat(ChartAxes.label(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(ChartAxes.label(-0.05)).isEqualTo("-0.05");
        assertThat(ChartAxes.label(1500)).isEqualTo("1500");
        assertThat(values).allSatisfy(t -> assertThat(t.at()).isBetween(0.0, (double) ScorerChart.VALUES_HEIGHT));
        ScorerChart around = whole.around(START.plusSeconds(15 * 119));
        assertThat(around.timeTicks()).extracting(ChartAxes.Tick::label).allMatch(l -> l.matches("03:2\\d(:\\d\\d)?"));
        assertThat(ChartPng.render(around)).isNotEmpty();
    }

    @Test
    void onlyHttpRunbooksAndDashboardsAreLinks() {
        assertThat(EpisodePages.links(Map.of("runbook_url", "https://runbooks.test/x", "dashboard", "http://grafana.test/d",
                "summary", "https://not-a-link-key.test", "description", "x"))).containsExactlyInAnyOrder("runbook_url",
                "dashboard");
        assertThat(EpisodePages.links(Map.of("runbook_url", "javascript:alert(1)", "dashboard", "ftp://x"))).isEmpty();
    }
}
