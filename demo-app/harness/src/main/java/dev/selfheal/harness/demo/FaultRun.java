package dev.selfheal.harness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One injected fault's figures. {@code mttr}: fault → demo-app serving normally again by its own
 * count (not the receiver's word); {@code healed}: fault → the receiver's HEALED;
 * {@code webhookToAction}: the receiver's own time, from the moment it had what it needed to
 * decide (the webhook, or the end of the playbook's persistence wait) to the action issued;
 * {@code confirmWait}: that deliberate wait, reported apart; {@code scorerHeal}: fault → the scorer's
 * verify answer back in band (the first point of the run its verification saw back).
 */
record FaultRun(int n, boolean healed, int remediations, String events, double webhookSeconds, double mttrSeconds,
                double healedSeconds, long webhookToActionMs, long confirmWaitMs, double scorerHealSeconds,
                String problem) {

    static FaultRun of(int n, Instant t0, JsonNode e, Instant recovered, int remediations) {
        String state = Timeline.remediationState(e).orElse("none");
        Instant webhook = Timeline.first(e, "delivery", null);
        Instant action = Timeline.first(e, "action", null);
        Instant healed = Timeline.first(e, "remediation", "HEALED");
        Instant waited = Timeline.waitedUntil(e);
        Instant scorerBack = Timeline.scorerBack(e);
        Instant ready = waited != null && webhook != null && waited.isAfter(webhook) ? waited : webhook;
        String events = String.join(",", Timeline.events(e));
        String problem = "";
        List<JsonNode> decisions = Timeline.decisions(e);
        if (!decisions.isEmpty() && !decisions.get(0).path("status").asText().equals("REMEDIATE")) {
            problem += "fault " + n + " was decided " + decisions.get(0).path("status").asText() + " ("
                    + decisions.get(0).path("reason").asText() + "); ";
        } else if (!state.equals("HEALED")) {
            problem += "fault " + n + " ended " + state + "; ";
        }
        if (state.equals("HEALED") && scorerBack == null) {
            problem += "fault " + n + "'s verification never saw the scorer read the series back in its band; ";
        }
        if (remediations != 1) {
            problem += "fault " + n + " restarted demo-app " + remediations + " times; ";
        }
        if (!events.equals("trigger,change,resolve") || Timeline.dedupKeys(e) != 1) {
            problem += "fault " + n + " sent PagerDuty " + events + " with " + Timeline.dedupKeys(e) + " dedup key(s); ";
        }
        return new FaultRun(n, state.equals("HEALED"), remediations, events.isEmpty() ? "none" : events,
                seconds(t0, webhook), seconds(t0, recovered), seconds(t0, healed),
                ready != null && action != null ? Duration.between(ready, action).toMillis() : -1,
                waited != null && webhook != null ? Math.max(0, Duration.between(webhook, waited).toMillis()) : 0,
                seconds(t0, scorerBack), problem);
    }

    private static double seconds(Instant from, Instant to) {
        return to == null ? -1 : Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Medians over the faults, and whether every one went as expected. */
    record Summary(int remediations, boolean healed, double mttrSeconds, double healedSeconds, long webhookToActionMs,
                   long confirmWaitMs, double scorerHealSeconds, String events, String problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    static Summary summarize(List<FaultRun> runs) {
        String events = runs.stream().map(FaultRun::events).distinct().count() == 1 ? runs.get(0).events()
                : String.join("|", runs.stream().map(FaultRun::events).toList());
        return new Summary(runs.stream().mapToInt(FaultRun::remediations).sum(),
                runs.stream().allMatch(FaultRun::healed), median(runs, FaultRun::mttrSeconds),
                median(runs, FaultRun::healedSeconds), Math.round(median(runs, r -> r.webhookToActionMs())),
                Math.round(median(runs, r -> r.confirmWaitMs())), median(runs, FaultRun::scorerHealSeconds), events,
                String.join("", runs.stream().map(FaultRun::problem).toList()));
    }

    static double median(List<FaultRun> runs, ToDoubleFunction<FaultRun> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? -1 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
