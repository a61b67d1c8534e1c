package dev.selfheal.harness.bench.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.harness.bench.decisions.Judge.Decided;
import dev.selfheal.harness.bench.decisions.Judge.Heal;
import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import dev.selfheal.harness.bench.decisions.Truth.LevelStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict: its targets, its last line, and how decisions are matched to the truth. */
class DecisionTallyTest {

    private static final long END = 1_800_000_000L;

    @Test
    void theLastLineHasEveryKeyInOrder() {
        DecisionTally t = new DecisionTally(12, 80, 42, 41, 30, 29, 51, 2, 42, 40, 7.5, 6, 1, 0, List.of());
        assertThat(t.line()).isEqualTo("histories=12 alerts=80 faults=42 faults_confirmed=41 repeats=30 repeats_confirmed=29 "
                + "blips=51 blips_acted=2 heals=42 heals_seen=40 heal_seen_p50_s=7.5 steps=6 steps_acted=1");
        assertThat(new DecisionTally(1, 1, 1, 1, 0, 0, 0, 0, 1, 0, Double.NaN, 0, 0, 0, List.of()).line())
                .contains("heal_seen_p50_s=-");
        assertThat(new DecisionTally(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 12, 0, 0, 0, List.of()).line())
                .contains("heal_seen_p50_s=12 ");
    }

    @Test
    void okOnlyWhenEveryTargetIsMet() {
        assertThat(tally(10, 10, 5, 5, 0, 20, 19, 0, 0).ok()).isTrue(); // 95 % of heals
        assertThat(tally(10, 9, 5, 5, 0, 20, 20, 0, 0).ok()).as("a fault not confirmed").isFalse();
        assertThat(tally(10, 10, 5, 4, 0, 20, 20, 0, 0).ok()).as("a repeat not confirmed").isFalse();
        assertThat(tally(10, 10, 5, 5, 1, 20, 20, 0, 0).ok()).as("a blip acted on").isFalse();
        assertThat(tally(10, 10, 5, 5, 0, 20, 18, 0, 0).ok()).as("90 % of heals").isFalse();
        assertThat(tally(10, 10, 5, 5, 0, 20, 20, 1, 0).ok()).as("a step acted on").isFalse();
        assertThat(tally(10, 10, 5, 5, 0, 20, 20, 0, 1).ok()).as("the truth disagrees with Prometheus").isFalse();
        assertThat(tally(0, 0, 0, 0, 0, 0, 0, 0, 0).ok()).as("nothing measured").isFalse();
    }

    @Test
    void theMedianOfHealTimes() {
        assertThat(DecisionTally.median(List.of(9L, 3L, 5L))).isEqualTo(5);
        assertThat(DecisionTally.median(List.of(4L, 2L))).isEqualTo(3);
        assertThat(DecisionTally.median(List.of())).isNaN();
    }

    @Test
    void decisionsAreMatchedToTheTruthAndEveryMissIsExplained() {
        History f1 = Layout.f1(1, END, true);
        History s2 = Layout.s2(1, END);
        List<Decided> decided = new ArrayList<>();
        List<Heal> heals = new ArrayList<>();
        for (Fault f : f1.faults()) {
            String outcome = f.spacing() == Truth.Spacing.MINUTES_IN_COOLDOWN ? "held" : "remediate";
            decided.add(new Decided(f.job(), false, f.start() + 1, f.start() + 11, outcome, "confirmed", "ok"));
            heals.add(new Heal(f, true, 8, ""));
        }
        Fault suppressed = s2.faults().get(1);
        for (Fault f : s2.faults()) {
            decided.add(new Decided(f.job(), false, f.start(), f.start() + 120, f == suppressed ? "suppressed" : "remediate",
                    f == suppressed ? "normal" : "confirmed", f == suppressed ? "the scorer finds the metric normal" : "ok"));
            heals.add(new Heal(f, f != suppressed, f == suppressed ? -1 : 90, "still outside"));
        }
        Blip acted = f1.blips().get(0);
        for (Blip b : f1.blips()) {
            decided.add(new Decided(b.job(), false, b.start(), b.start() + 10, b == acted ? "remediate" : "suppressed",
                    "x", "why"));
        }
        // s2's blips fire no alert at all here; its step's probe is suppressed
        LevelStep step = s2.steps().get(0);
        decided.add(new Decided(step.job(), true, step.probeAt(), step.probeAt() + 120, "suppressed", "normal", "normal"));
        decided.add(new Decided("f1-s1", false, f1.start() + 60, f1.start() + 70, "remediate", "confirmed", "noise"));
        DecisionTally t = Judge.compare(List.of(f1, s2), decided.size(), decided, heals, List.of());
        assertThat(t.line()).isEqualTo("histories=2 alerts=" + decided.size() + " faults=7 faults_confirmed=6 repeats=5 "
                + "repeats_confirmed=4 blips=" + (f1.blips().size() + s2.blips().size()) + " blips_acted=1 heals=7 "
                + "heals_seen=6 heal_seen_p50_s=8 steps=1 steps_acted=0");
        assertThat(t.ok()).isFalse();
        assertThat(t.misses()).anySatisfy(m -> assertThat(m).startsWith("MISSED repeat (hours) s2-s1")
                .contains("suppressed (normal): the scorer finds the metric normal"));
        assertThat(t.misses()).anySatisfy(m -> assertThat(m).startsWith("ACTED ON blip f1-s1").contains("remediate"));
        assertThat(t.misses()).anySatisfy(m -> assertThat(m).startsWith("HEAL NOT SEEN repeat (hours) s2-s1"));
        assertThat(t.misses()).anySatisfy(m -> assertThat(m).startsWith("UNEXPECTED f1-s1").contains("noise"));
        assertThat(t.misses()).anySatisfy(m -> assertThat(m).startsWith("NOTE blip s2-s1"));
    }

    @Test
    void aStepWhoseProbeWasRemediatedOrNeverFiredCountsAsActedOn() {
        History s2 = Layout.s2(1, END);
        LevelStep step = s2.steps().get(0);
        Decided probe = new Decided(step.job(), true, step.probeAt(), step.probeAt() + 120, "remediate", "confirmed", "c");
        assertThat(Judge.compare(List.of(s2), 1, List.of(probe), List.of(), List.of()).stepsActed()).isEqualTo(1);
        assertThat(Judge.compare(List.of(s2), 0, List.of(), List.of(), List.of()).stepsActed()).isEqualTo(1);
        Decided held = new Decided(step.job(), true, step.probeAt(), step.probeAt() + 120, "suppressed", "normal", "n");
        assertThat(Judge.compare(List.of(s2), 1, List.of(held), List.of(), List.of()).stepsActed()).isZero();
    }

    @Test
    void theVerifyReadingPrefersTheScorersNowField() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(Verifier.read(json.readTree("{\"results\":[{\"anomalous\":true,\"now\":{\"outside\":false}}]}"))).isTrue();
        assertThat(Verifier.read(json.readTree("{\"results\":[{\"anomalous\":false,\"now\":{\"outside\":true}}]}"))).isFalse();
        assertThat(Verifier.read(json.readTree("{\"results\":[{\"anomalous\":false}]}"))).isTrue();
        assertThat(Verifier.read(json.readTree("{\"results\":[{\"anomalous\":true}]}"))).isFalse();
        assertThat(Verifier.read(json.readTree("{\"results\":[]}"))).isNull();
    }

    private static DecisionTally tally(int faults, int confirmed, int repeats, int repeatsConfirmed, int blipsActed, int heals,
                                       int seen, int stepsActed, int truthErrors) {
        return new DecisionTally(2, 30, faults, confirmed, repeats, repeatsConfirmed, 8, blipsActed, heals, seen, 6, 2,
                stepsActed, truthErrors, List.of());
    }
}
