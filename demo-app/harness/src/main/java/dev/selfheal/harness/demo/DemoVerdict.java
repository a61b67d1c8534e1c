package dev.selfheal.harness.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the closed-loop demo went as expected, decided here rather than by grepping its output:
 * every fault remediated once, healed and audited (trigger, change, resolve), the blip suppressed
 * by the scorer with nothing restarted, the console's episode page readable, a trained model
 * deciding, and the medians within the demo's targets (issue 14): demo-app serving normally again
 * within {@value #MTTR_S} s of the fault, the receiver's HEALED within {@value #HEALED_S} s, and
 * {@value #WEBHOOK_TO_ACTION_MS} ms from what the decision needed to the action, and the scorer's
 * verification seeing the series back in its band within {@value #SCORER_HEAL_S} s (issue 29).
 */
record DemoVerdict(List<String> problems) {

    static final double MTTR_S = 20;
    static final double HEALED_S = 30;
    static final long WEBHOOK_TO_ACTION_MS = 300;
    static final double SCORER_HEAL_S = 25;
    static final String EVENTS = "trigger,change,resolve";

    static DemoVerdict of(int faults, FaultRun.Summary s, DemoMain.BlipRun blip, String modelStatus, String consoleProblem) {
        List<String> problems = new ArrayList<>();
        if (!s.problems().isEmpty()) {
            problems.add(s.problems().trim());
        }
        if (s.remediations() != faults) {
            problems.add(String.format(Locale.ROOT, "%d remediations for %d faults", s.remediations(), faults));
        }
        if (!s.events().equals(EVENTS)) {
            problems.add("PagerDuty received " + s.events() + ", not " + EVENTS);
        }
        within(problems, "MTTR", s.mttrSeconds(), MTTR_S, "s");
        within(problems, "fault to healed", s.healedSeconds(), HEALED_S, "s");
        within(problems, "webhook to action", s.webhookToActionMs(), WEBHOOK_TO_ACTION_MS, "ms");
        within(problems, "fault to the scorer's heal", s.scorerHealSeconds(), SCORER_HEAL_S, "s");
        if (!blip.ok()) {
            problems.add(blip.problem().isEmpty() ? "the blip restarted demo-app " + blip.remediations() + " times"
                    : blip.problem().trim());
        }
        if (!"READY".equals(modelStatus)) {
            problems.add("the scorer decided with its model " + modelStatus + ", not a trained one (READY)");
        }
        if (!consoleProblem.isEmpty()) {
            problems.add(consoleProblem.trim());
        }
        return new DemoVerdict(List.copyOf(problems));
    }

    private static void within(List<String> problems, String what, double value, double target, String unit) {
        if (value < 0) {
            problems.add(what + " never measured");
        } else if (value > target) {
            problems.add(String.format(Locale.ROOT, "%s %.1f %s over its target %.0f %s", what, value, unit, target, unit));
        }
    }

    boolean ok() {
        return problems.isEmpty();
    }
}
