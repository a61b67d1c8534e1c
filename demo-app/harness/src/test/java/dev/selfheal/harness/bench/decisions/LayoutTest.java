package dev.selfheal.harness.bench.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import dev.selfheal.harness.bench.decisions.Truth.LevelStep;
import dev.selfheal.harness.bench.decisions.Truth.Spacing;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The generator's truth is consistent with the rules and playbooks it is judged by. */
class LayoutTest {

    private static final long END = 1_800_000_000L;

    static List<History> all() {
        List<History> out = new ArrayList<>(Layout.plan(5, false, END));
        out.addAll(Layout.plan(1, true, END));
        return out;
    }

    @Test
    void everyHistoryHasItsOwnJobAndTheSetHasBothCadencesEveryEventKindGapsAndNaN() {
        List<History> full = Layout.plan(3, false, END);
        assertThat(full).hasSize(12);
        assertThat(full.stream().map(History::job).collect(Collectors.toSet())).hasSize(12);
        assertThat(full.stream().map(History::cadence).collect(Collectors.toSet())).containsExactlyInAnyOrder(Cadence.values());
        Set<Spacing> spacings = full.stream().flatMap(h -> h.faults().stream()).map(Fault::spacing)
                .filter(s -> s != null).collect(Collectors.toSet());
        assertThat(spacings).containsExactlyInAnyOrder(Spacing.values());
        for (List<History> set : List.of(full, Layout.plan(1, true, END))) {
            assertThat(set).allSatisfy(h -> {
                assertThat(h.gaps()).isNotEmpty();
                assertThat(h.latencyNaN()).isNotEmpty();
                assertThat(h.idle()).isNotEmpty();
                assertThat(h.blips()).isNotEmpty();
                assertThat(h.faults()).isNotEmpty();
            });
            assertThat(set.stream().flatMap(h -> h.steps().stream())).isNotEmpty();
            assertThat(set.stream().flatMap(h -> h.faults().stream()).filter(Fault::repeat)).isNotEmpty();
        }
        // a daily cycle: the slow history of the full set spans two days
        assertThat(full.stream().filter(h -> h.end() - h.start() >= 2 * 86400)).isNotEmpty();
    }

    @Test
    void seedsMoveTheEventsAndTheSameSeedGivesTheSameHistory() {
        assertThat(Layout.f1(1, END, false)).isEqualTo(Layout.f1(1, END, false));
        assertThat(Layout.f1(1, END, false).faults().get(0).start()).isNotEqualTo(Layout.f1(2, END, false).faults().get(0).start());
    }

    @Test
    void aBlipIsBackBeforeTheDecisionTimeAndAFaultLastsWellPastIt() {
        for (History h : all()) {
            Cadence c = h.cadence();
            for (Blip b : h.blips()) {
                assertThat(b.back()).as(b.describe()).isEqualTo(b.end() + c.rateWindow + c.scrape);
                assertThat(b.back()).as(b.describe() + ": back before firing + persist - one step")
                        .isLessThanOrEqualTo(c.blipDeadline(b.start()) - c.scrape);
            }
            for (Fault f : h.faults()) {
                assertThat(f.end()).as(f.describe() + ": lasts past the decision by a minute at least")
                        .isGreaterThanOrEqualTo(f.start() + c.persist + 60);
                assertThat(f.ratio()).isGreaterThan(c.ruleThreshold);
            }
        }
    }

    @Test
    void repeatsAreSpacedAsTheirKindSaysAndAreSeparateAlerts() {
        for (History h : all()) {
            Cadence c = h.cadence();
            List<Fault> faults = h.faults();
            assertThat(faults.get(0).repeat()).isFalse();
            for (int i = 1; i < faults.size(); i++) {
                Fault before = faults.get(i - 1);
                Fault f = faults.get(i);
                assertThat(f.repeat()).isTrue();
                long apart = f.start() - before.start();
                // the alert of the one before has resolved (its values back, then keep_firing_for) before this one fires
                assertThat(f.start()).as(f.describe()).isGreaterThan(before.back() + c.keepFiringFor);
                long action = faults.get(0).start() + c.persist; // the first fault's action, as the fault fires at its start
                switch (f.spacing()) {
                    case MINUTES_IN_COOLDOWN -> {
                        assertThat(apart).isLessThan(3600);
                        assertThat(f.start() + c.persist + c.ruleInterval * 2L).as(f.describe() + ": decided inside the cooldown")
                                .isLessThan(action + c.cooldown);
                    }
                    case MINUTES -> assertThat(apart).isBetween(c.cooldown + 60L, 3600L);
                    case HOURS -> assertThat(f.start() - faults.get(0).start()).as("hours after the first")
                            .isBetween(3600L, 86400L - 3600);
                    case DAY -> assertThat(f.start() - faults.get(0).start()).as("a day after the first")
                            .isBetween(86400L - 3600, 86400L + 3600);
                    default -> throw new AssertionError();
                }
            }
        }
    }

    @Test
    void eventsLieAfterTheWarmUpAndApartFromEachOtherAndNothingButTheProbeInsideALevelStepsSpan() {
        for (History h : all()) {
            Cadence c = h.cadence();
            List<long[]> windows = new ArrayList<>(); // each burst from its start (less the rule window) to its alert's resolve plus a cooldown
            h.faults().forEach(f -> windows.add(new long[] {f.start(), f.back()}));
            h.blips().forEach(b -> windows.add(new long[] {b.start(), b.back()}));
            for (long[] w : windows) {
                assertThat(w[0]).isGreaterThanOrEqualTo(h.start() + Layout.WARMUP);
                assertThat(w[1]).isLessThan(h.end());
            }
            for (Blip b : h.blips()) {
                for (Fault f : h.faults()) {
                    // a blip never falls inside a fault's alert or its cooldown, where a decision would be held
                    assertThat(Math.abs(b.start() - f.start())).as(b.describe() + " vs " + f.describe())
                            .isGreaterThan(f.back() - f.start() + c.keepFiringFor + c.cooldown);
                }
            }
            for (LevelStep s : h.steps()) {
                assertThat(s.to()).isGreaterThan(s.from());
                assertThat(s.to()).as("a silent step: far under the rule's threshold").isLessThanOrEqualTo(c.ruleThreshold / 2.5);
                assertThat(s.probeAt() - s.at()).isGreaterThan(Layout.NEW_NORMAL_SPAN);
                assertThat(s.probeAt() % 15).isZero();
                for (long[] w : windows) {
                    assertThat(w[1] < s.at() || w[0] > s.probeAt() + 600).as(s.describe()).isTrue();
                }
            }
            for (Truth.Gap g : h.gaps()) {
                for (long[] w : windows) {
                    assertThat(g.to() < w[0] - 300 || g.from() > w[1] + 300).as(h.job() + " gap at " + g.from()).isTrue();
                }
            }
            for (Truth.Idle g : h.idle()) {
                for (long[] w : windows) {
                    assertThat(g.to() < w[0] - 300 || g.from() > w[1] + 300).as(h.job() + " idle at " + g.from()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theSamplesHoldTheTruthGapsAndNaN(int seed) {
        History h = Layout.f1(seed, END, true);
        HistoryWriter.Samples s = HistoryWriter.generate(h);
        int missing = 0;
        int nan = 0;
        for (int i = 0; i < s.times().length; i++) {
            missing += s.present()[i] ? 0 : 1;
            nan += Double.isNaN(s.latency()[i]) ? 1 : 0;
            if (i > 0) {
                assertThat(s.requests()[i]).isGreaterThanOrEqualTo(s.requests()[i - 1]);
                assertThat(s.errors()[i]).isGreaterThanOrEqualTo(s.errors()[i - 1]);
                assertThat(s.errors()[i] - s.errors()[i - 1]).isLessThanOrEqualTo(s.requests()[i] - s.requests()[i - 1]);
            }
        }
        assertThat(missing).isPositive();
        assertThat(nan).isEqualTo(h.latencyNaN().size());
        Fault f = h.faults().get(0);
        assertThat(ratio(s, f.start(), f.end())).isGreaterThan(0.3);
        Blip b = h.blips().get(0);
        assertThat(ratio(s, b.start(), b.end())).isGreaterThan(0.9);
        assertThat(ratio(s, h.start() + 60, h.start() + 3600)).isLessThan(0.08);
        Truth.Idle idle = h.idle().get(0);
        assertThat(s.requests()[index(s, idle.to())]).isEqualTo(s.requests()[index(s, idle.from()) - 1]);
    }

    @Test
    void noiseBurstsStayAwayFromTheTruthsEvents() {
        History h = Layout.s2(1, END);
        Fault f = h.faults().get(0);
        assertThat(HistoryWriter.quiet(h, f.start() - 30)).isFalse();
        assertThat(HistoryWriter.quiet(h, f.back() + 300)).isFalse();
        assertThat(HistoryWriter.quiet(h, h.steps().get(0).probeAt() + 60)).isFalse();
        assertThat(HistoryWriter.quiet(h, h.start() + 600)).isTrue();
    }

    @Test
    void theOpenMetricsFileHasEachFamilyOnceAndEndsWithEof() throws Exception {
        StringWriter out = new StringWriter();
        long n = HistoryWriter.write(Layout.plan(1, true, END), out);
        String text = out.toString();
        assertThat(n).isPositive();
        assertThat(text).endsWith("# EOF\n").contains("NaN").contains("bench_probe{job=\"s2-s2\"} 1 ");
        assertThat(text.split("# TYPE bench_http_requests counter", -1)).hasSize(2);
        assertThat(text.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(n);
    }

    private static int index(HistoryWriter.Samples s, long t) {
        return (int) ((t - s.history().start()) / s.history().cadence().scrape);
    }

    private static double ratio(HistoryWriter.Samples s, long from, long to) {
        int a = index(s, from) - 1;
        int b = index(s, to);
        return (double) (s.errors()[b] - s.errors()[a]) / (s.requests()[b] - s.requests()[a]);
    }
}
