package dev.selfheal.harness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.harness.bench.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code ./selfheal demo}: the closed loop on real Prometheus and Alertmanager, with trained
 * models. Backfills hours of demo-app's normal traffic into Prometheus, starts the stack on
 * loopback, waits until the scorer's model for the confirm query is READY, then injects a real
 * fault (60% errors) {@value #FAULTS} times, each a new episode remediated, verified and audited,
 * and a blip that trips the coarse rule and is suppressed by the scorer. With {@code --once} it
 * exits 0 when all went as expected, 1 otherwise; its last line is the key=value summary (medians
 * over the faults).
 */
public final class DemoMain {

    static final Duration HISTORY = Duration.ofHours(4);
    static final int FAULTS = 3;
    static final String FAULT = "{\"type\":\"errors\",\"rate\":0.6}";
    static final String BLIP = "{\"type\":\"blip\",\"rate\":1.0,\"durationS\":6}";
    static final String CONFIRM_MARK = "http_errors_total";

    private final Stack stack;
    private final Supervisor supervisor;
    private final Http http;
    private final Http scorerHttp;
    private String lastModelStatus = "none";
    /** What the console's page of the first fault's episode lacks; empty when it shows it all. */
    private String consoleProblem = "";

    DemoMain(Stack stack, Supervisor supervisor) {
        this.stack = stack;
        this.supervisor = supervisor;
        this.http = new Http(stack.token);
        this.scorerHttp = new Http(stack.scorerToken);
    }

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-demo-");
        Stack stack = new Stack(root, work);
        Supervisor supervisor = new Supervisor(work);
        System.out.println("selfheal demo: everything on 127.0.0.1, data and logs in " + work);
        stack.writeConfigs();
        Duration took = stack.backfill(HISTORY);
        System.out.printf(Locale.ROOT, "Backfilled %d h of demo-app's normal traffic into Prometheus (promtool, %.1f s).%n",
                HISTORY.toHours(), took.toMillis() / 1000.0);
        stack.start(supervisor);
        DemoMain demo = new DemoMain(stack, supervisor);
        System.out.println("The console: " + Stack.url(Stack.RECEIVER) + "/ (log in as " + Stack.OPERATOR + " / "
                + stack.operatorPassword + ") shows each episode, the scorer's chart, what ran and whether it healed.");
        String summary;
        boolean ok;
        try {
            demo.waitUntilUp();
            demo.waitForModel();
            List<FaultRun> faults = new ArrayList<>();
            for (int i = 1; i <= FAULTS; i++) {
                faults.add(demo.fault(i));
            }
            BlipRun blip = demo.blip();
            FaultRun.Summary s = FaultRun.summarize(faults);
            DemoVerdict verdict = DemoVerdict.of(FAULTS, s, blip, demo.lastModelStatus, demo.consoleProblem);
            ok = verdict.ok();
            summary = String.format(Locale.ROOT, "remediations=%d healed=%s mttr_s=%.1f healed_s=%.1f "
                            + "webhook_to_action_ms=%d confirm_wait_ms=%d blip_remediations=%d pagerduty_events=%s "
                            + "scorer_model=%s scorer_heal_s=%.1f", s.remediations(), s.healed(), s.mttrSeconds(),
                    s.healedSeconds(), s.webhookToActionMs(), s.confirmWaitMs(), blip.remediations(), s.events(),
                    demo.lastModelStatus, s.scorerHealSeconds());
            System.out.println();
            System.out.println(ok ? "The demo went as expected." : "The demo did NOT go as expected: "
                    + String.join("; ", verdict.problems()) + " (logs in " + work + ")");
        } catch (IllegalStateException e) {
            ok = false;
            summary = "remediations=0 healed=false mttr_s=0 healed_s=0 webhook_to_action_ms=0 confirm_wait_ms=0 "
                    + "blip_remediations=0 pagerduty_events=none scorer_model=" + demo.lastModelStatus + " scorer_heal_s=0";
            System.out.println("The demo stopped: " + e.getMessage() + " (logs in " + work + ")");
        }
        if (!once) {
            System.out.println("Everything keeps running: the console on " + Stack.url(Stack.RECEIVER) + "/ (log in as "
                    + Stack.OPERATOR + " / " + stack.operatorPassword + "), the receiver's API (token in "
                    + work.resolve("webhook-token") + "), Prometheus on " + Stack.url(Stack.PROMETHEUS)
                    + ", demo-app on " + Stack.url(Stack.DEMO_APP) + ". Ctrl-C stops them all.");
            System.out.println(summary);
            Thread.currentThread().join();
        }
        supervisor.stopAll();
        System.out.println(summary);
        System.exit(ok ? 0 : 1);
    }

    private void check() {
        String dead = supervisor.deadChild();
        if (dead != null) {
            throw new IllegalStateException(dead + " exited");
        }
    }

    private void await(String what, Duration timeout, Supplier<Boolean> done) {
        Instant end = Instant.now().plus(timeout);
        while (!done.get()) {
            check();
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    void waitUntilUp() {
        Instant start = Instant.now();
        await("start-up", Duration.ofSeconds(120), () -> http.ok(Stack.url(Stack.DEMO_APP) + "/healthz")
                && http.ok(Stack.url(Stack.PROMETHEUS) + "/-/ready") && http.ok(Stack.url(Stack.ALERTMANAGER) + "/-/ready")
                && http.ok(Stack.url(Stack.SCORER) + "/q/health/live") && http.ok(Stack.url(Stack.RECEIVER) + "/q/health/ready"));
        System.out.printf(Locale.ROOT, "All five programs are up (%.1f s).%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    /** The scorer's model of the demo playbook's confirm series, once the receiver's warm-up has named it. */
    private Optional<JsonNode> confirmModel() {
        return scorerHttp.get(Stack.url(Stack.SCORER) + "/api/v1/models").flatMap(body -> {
            for (JsonNode m : body.path("models")) {
                if (m.path("query").asText().contains(CONFIRM_MARK)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * The receiver's warm-up names the playbooks' confirm series to the scorer, which replays the
     * backfilled hours and trains an Isolation Forest + LSTM model on them: the demo waits for it.
     */
    void waitForModel() {
        Instant start = Instant.now();
        System.out.println("Waiting for the scorer to replay the history and train its model of the confirm query...");
        await("a READY model", Duration.ofSeconds(240), () -> confirmModel()
                .filter(m -> m.path("status").asText().equals("READY") && !m.path("replaying").asBoolean()).isPresent());
        JsonNode m = confirmModel().orElseThrow();
        lastModelStatus = m.path("status").asText();
        System.out.printf(Locale.ROOT, "Scorer: model %s v%d READY (Isolation Forest + LSTM), trained on %d points, "
                        + "%d points replayed (%.1f s after start-up).%n", m.path("id").asText(), m.path("version").asInt(),
                m.path("trainingPoints").asInt(), m.path("pointsSeen").asLong(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private Optional<JsonNode> newEpisode(Instant after) {
        return http.get(Stack.url(Stack.RECEIVER) + "/api/v1/episodes?limit=20").flatMap(list -> {
            for (JsonNode e : list.path("episodes")) {
                if (e.path("alertname").asText().equals("HighErrorRate")
                        && Instant.parse(e.path("createdAt").asText()).isAfter(after)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        });
    }

    private JsonNode episode(long id) {
        return http.get(Stack.url(Stack.RECEIVER) + "/api/v1/episodes/" + id).orElseThrow(
                () -> new IllegalStateException("episode " + id + " could not be read"));
    }

    /** demo-app's own count of /admin/restart calls that restarted it: the ground truth of remediations. */
    private long restarts() {
        return http.text(Stack.url(Stack.DEMO_APP) + "/metrics").flatMap(body -> body.lines()
                .filter(l -> l.startsWith("demo_app_restarts_total ")).findFirst())
                .map(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).orElse(-1L);
    }

    /** The first second after {@code after} in which demo-app served normally again, from its own counts. */
    private Optional<Instant> recoveredAfter(Instant after) {
        return http.get(Stack.url(Stack.DEMO_APP) + "/admin/truth").flatMap(t -> {
            for (JsonNode s : t.path("seconds")) {
                Instant at = Instant.ofEpochSecond(s.path("at").asLong());
                if (!at.isBefore(after) && s.path("normal").asBoolean() && t.path("faults").isEmpty()) {
                    return Optional.of(at);
                }
            }
            return Optional.empty();
        });
    }

    private String alertState() {
        return http.get(Stack.url(Stack.PROMETHEUS) + "/api/v1/alerts").map(a -> {
            for (JsonNode x : a.path("data").path("alerts")) {
                if (x.path("labels").path("alertname").asText().equals("HighErrorRate")) {
                    return x.path("state").asText();
                }
            }
            return "inactive";
        }).orElse("unknown");
    }

    private void awaitQuiet() {
        await("the alert to resolve", Duration.ofSeconds(120), () -> alertState().equals("inactive"));
    }

    FaultRun fault(int n) {
        awaitQuiet();
        long restartsBefore = restarts();
        Instant t0 = Instant.now();
        TimelinePrinter out = new TimelinePrinter(t0);
        System.out.println();
        System.out.printf("%d. A real fault (%d of %d): 60%% of demo-app's requests fail.%n", n, n, FAULTS);
        http.post(Stack.url(Stack.DEMO_APP) + "/admin/faults", FAULT)
                .orElseThrow(() -> new IllegalStateException("demo-app refused the fault"));
        out.line("fault injected on demo-app");
        String[] state = {"inactive"};
        long[] id = {-1};
        Instant[] recovered = {null};
        await("healing", Duration.ofSeconds(120), () -> {
            String s = alertState();
            if (!s.equals(state[0]) && (s.equals("pending") || s.equals("firing"))) {
                out.line("Prometheus: HighErrorRate " + s);
            }
            state[0] = s.equals("unknown") ? state[0] : s;
            if (recovered[0] == null && restarts() > restartsBefore) {
                recovered[0] = recoveredAfter(t0).orElse(null);
                if (recovered[0] != null) {
                    out.line(String.format(Locale.ROOT, "demo-app serves normally again (its own error ratio, "
                            + "from +%.1fs)", Duration.between(t0, recovered[0]).toMillis() / 1000.0));
                }
            }
            if (id[0] < 0) {
                newEpisode(t0).ifPresent(e -> id[0] = e.path("id").asLong());
            }
            if (id[0] < 0) {
                return false;
            }
            JsonNode e = episode(id[0]);
            out.show(e);
            List<JsonNode> decided = Timeline.decisions(e);
            if (!decided.isEmpty() && !decided.get(0).path("status").asText().equals("REMEDIATE")) {
                return true; // decided otherwise: nothing to wait for (the run reports it)
            }
            return Timeline.remediationState(e).filter(x -> !x.equals("ACTING") && !x.equals("VERIFYING")).isPresent()
                    && recovered[0] != null && Timeline.events(e).contains("resolve");
        });
        JsonNode e = episode(id[0]);
        out.show(e);
        Timeline.decisionModel(e).ifPresent(m -> lastModelStatus = m);
        FaultRun r = FaultRun.of(n, t0, e, recovered[0], (int) (restarts() - restartsBefore));
        if (n == 1) {
            consoleProblem = ConsoleCheck.check(Stack.url(Stack.RECEIVER), Stack.OPERATOR, stack.operatorPassword, id[0]);
            System.out.println(consoleProblem.isEmpty()
                    ? "   the console's page of episode " + id[0] + " shows the chart (values, band, anomalous points), "
                    + "the action and the heal"
                    : "   the console's page of episode " + id[0] + ": " + consoleProblem);
        }
        System.out.printf(Locale.ROOT, "   fault → webhook %.1f s; confirm wait %d ms; webhook → action %d ms; "
                        + "fault → demo-app normal (MTTR) %.1f s; fault → healed %.1f s%n", r.webhookSeconds(),
                r.confirmWaitMs(), r.webhookToActionMs(), r.mttrSeconds(), r.healedSeconds());
        return r;
    }

    BlipRun blip() {
        awaitQuiet();
        System.out.println();
        System.out.println((FAULTS + 1) + ". A blip: 6 s of errors, enough to trip the coarse rule, over before anyone could act.");
        long restartsBefore = restarts();
        Instant t1 = Instant.now();
        TimelinePrinter out = new TimelinePrinter(t1);
        http.post(Stack.url(Stack.DEMO_APP) + "/admin/faults", BLIP)
                .orElseThrow(() -> new IllegalStateException("demo-app refused the blip"));
        out.line("blip injected on demo-app");
        long[] id = {-1};
        try {
            await("the blip's alert and decision", Duration.ofSeconds(60), () -> {
                if (id[0] < 0) {
                    newEpisode(t1).ifPresent(e -> id[0] = e.path("id").asLong());
                }
                if (id[0] < 0) {
                    return false;
                }
                JsonNode e = episode(id[0]);
                out.show(e);
                return Timeline.first(e, "decision", null) != null;
            });
        } catch (IllegalStateException ex) {
            return new BlipRun(false, (int) (restarts() - restartsBefore), "the blip: " + ex.getMessage() + "; ");
        }
        awaitQuiet(); // any action wrongly decided would have run by the time the alert resolved
        JsonNode e = episode(id[0]);
        out.show(e);
        boolean suppressed = Timeline.decisions(e).stream().allMatch(d -> d.path("status").asText().equals("SUPPRESSED")
                && d.path("reason").asText().contains("scorer"));
        int remediations = (int) (restarts() - restartsBefore);
        return new BlipRun(suppressed, remediations, suppressed ? "" : "the blip was not suppressed by the scorer; ");
    }

    /** The blip's outcome: suppressed by the scorer and nothing restarted. */
    record BlipRun(boolean suppressedByScorer, int remediations, String problem) {
        boolean ok() {
            return suppressedByScorer && remediations == 0;
        }
    }
}
