package dev.selfheal.harness.bench.decisions;

import dev.selfheal.harness.bench.decisions.Truth.Blip;
import dev.selfheal.harness.bench.decisions.Truth.Fault;
import dev.selfheal.harness.bench.decisions.Truth.History;
import dev.selfheal.harness.bench.decisions.Truth.LevelStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the backtest's decisions and the scorer's verify answers with the generator's truth.
 * An alert belongs to a fault or blip of its job when it fired between the burst's start (less
 * the rule's window) and its confirm values being back (plus one rule interval); a probe alert
 * (label {@code probe}) to the level step probed at its firing time. The first decision of an
 * item counts. A fault is confirmed when it is remediated, sent for approval or held (cooldown,
 * limit: the receiver holds only what the scorer confirmed); a blip or a step is acted on when
 * anything would run (remediate, approve). The heal time's median is over every heal the verify
 * answer read back at all (late ones too, so that it says how late), from the fault's end.
 */
final class Judge {

    static final Set<String> CONFIRMED = Set.of("remediate", "approve", "held");
    static final Set<String> ACTED = Set.of("remediate", "approve");

    /** One row of the backtest's {@code decisions[]}. */
    record Decided(String job, boolean probe, long firedAt, long decidedAt, String outcome, String cause, String reason) {
        String describe() {
            return "alert fired " + Instant.ofEpochSecond(firedAt) + ", decided " + Instant.ofEpochSecond(decidedAt) + ": "
                    + outcome + " (" + cause + "): " + reason;
        }
    }

    /** The scorer's verify answers after a fault's end: when it first read back in band (seconds after the end), if at all. */
    record Heal(Fault fault, boolean seen, long afterSeconds, String detail) {
    }

    private Judge() {
    }

    static DecisionTally compare(List<History> histories, int alerts, List<Decided> decided, List<Heal> heals,
                                 List<String> truthErrors) {
        List<String> misses = new ArrayList<>(truthErrors);
        Map<Object, Decided> first = new HashMap<>();
        List<Decided> unexpected = new ArrayList<>();
        List<Decided> sorted = decided.stream().sorted(Comparator.comparingLong(Decided::firedAt)).toList();
        for (Decided d : sorted) {
            Object item = item(histories, d);
            if (item == null) {
                unexpected.add(d);
            } else {
                first.putIfAbsent(item, d);
            }
        }
        int faults = 0;
        int confirmed = 0;
        int repeats = 0;
        int repeatsConfirmed = 0;
        int blips = 0;
        int blipsActed = 0;
        int steps = 0;
        int stepsActed = 0;
        for (History h : histories) {
            for (Fault f : h.faults()) {
                faults++;
                repeats += f.repeat() ? 1 : 0;
                Decided d = first.get(f);
                boolean ok = d != null && CONFIRMED.contains(d.outcome());
                if (ok) {
                    confirmed++;
                    repeatsConfirmed += f.repeat() ? 1 : 0;
                } else {
                    misses.add("MISSED " + f.describe() + ": " + (d == null ? "no alert fired" : d.describe()));
                }
            }
            for (Blip b : h.blips()) {
                blips++;
                Decided d = first.get(b);
                if (d != null && ACTED.contains(d.outcome())) {
                    blipsActed++;
                    misses.add("ACTED ON " + b.describe() + " (values back " + Instant.ofEpochSecond(b.back()) + "): "
                            + d.describe());
                } else if (d == null) {
                    misses.add("NOTE " + b.describe() + ": no alert fired (not acted on, not tested)");
                }
            }
            for (LevelStep s : h.steps()) {
                steps++;
                Decided d = first.get(s);
                if (d == null) {
                    stepsActed++;
                    misses.add("UNTESTED " + s.describe() + ": the probe alert did not fire (counted as acted on)");
                } else if (ACTED.contains(d.outcome())) {
                    stepsActed++;
                    misses.add("ACTED ON " + s.describe() + ": " + d.describe());
                }
            }
        }
        int seen = 0;
        List<Long> times = new ArrayList<>();
        for (Heal heal : heals) {
            if (heal.afterSeconds() >= 0) {
                times.add(heal.afterSeconds());
            }
            if (heal.seen()) {
                seen++;
            } else {
                misses.add("HEAL NOT SEEN " + heal.fault().describe() + " (values back "
                        + Instant.ofEpochSecond(heal.fault().back()) + "): " + heal.detail());
            }
        }
        for (Decided d : unexpected) {
            misses.add("UNEXPECTED " + d.job() + (d.probe() ? " probe" : "") + ": " + d.describe());
        }
        return new DecisionTally(histories.size(), alerts, faults, confirmed, repeats, repeatsConfirmed, blips, blipsActed,
                heals.size(), seen, DecisionTally.median(times), steps, stepsActed, truthErrors.size(), List.copyOf(misses));
    }

    /** The truth item an alert belongs to, or null. */
    static Object item(List<History> histories, Decided d) {
        for (History h : histories) {
            if (!h.job().equals(d.job())) {
                continue;
            }
            Cadence c = h.cadence();
            if (d.probe()) {
                for (LevelStep s : h.steps()) {
                    if (Math.abs(s.probeAt() - d.firedAt()) <= 15) {
                        return s;
                    }
                }
                return null;
            }
            for (Fault f : h.faults()) {
                if (d.firedAt() >= f.start() - c.ruleWindow && d.firedAt() <= f.back() + c.ruleInterval) {
                    return f;
                }
            }
            for (Blip b : h.blips()) {
                if (d.firedAt() >= b.start() - c.ruleWindow && d.firedAt() <= b.back() + c.ruleInterval) {
                    return b;
                }
            }
        }
        return null;
    }
}
