package dev.selfheal.demo.run;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code ./selfheal demo}: the closed loop on real Prometheus and Alertmanager. Starts the stack
 * on loopback, waits for a baseline, injects a real fault (60% errors), prints the live timeline
 * until the receiver has remediated, verified and audited it, then a blip that trips the coarse
 * rule and is judged normal by the scorer. With {@code --once} it exits 0 when all went as
 * expected, 1 otherwise, and its last line is the key=value summary.
 */
public final class DemoMain {

    static final Duration BASELINE = Duration.ofSeconds(75);
    static final String FAULT = "{\"type\":\"errors\",\"rate\":0.6}";
    static final String BLIP = "{\"type\":\"blip\",\"rate\":1.0,\"durationS\":6}";

    private final Stack stack;
    private final Supervisor supervisor;
    private final Http http;

    DemoMain(Stack stack, Supervisor supervisor) {
        this.stack = stack;
        this.supervisor = supervisor;
        this.http = new Http(stack.token);
    }

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        Path root = Path.of(System.getProperty("selfheal.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("selfheal-demo-");
        Stack stack = new Stack(root, work);
        Supervisor supervisor = new Supervisor(work);
        System.out.println("selfheal demo: everything on 127.0.0.1, data and logs in " + work);
        stack.writeConfigs();
        stack.start(supervisor);
        DemoMain demo = new DemoMain(stack, supervisor);
        String summary;
        boolean ok;
        try {
            demo.waitUntilUp();
            demo.warmUp();
            Result fault = demo.fault();
            Result blip = demo.blip();
            ok = fault.remediations == 1 && fault.healed && fault.events.equals("trigger,change,resolve")
                    && blip.decided && blip.suppressedByScorer && blip.remediations == 0;
            summary = String.format(Locale.ROOT, "remediations=%d healed=%s mttr_s=%.1f webhook_to_action_ms=%d "
                            + "blip_remediations=%d pagerduty_events=%s", fault.remediations, fault.healed, fault.mttrSeconds,
                    fault.webhookToActionMs, blip.remediations, fault.events.isEmpty() ? "none" : fault.events);
            System.out.println();
            System.out.println(ok ? "The demo went as expected." : "The demo did NOT go as expected: " + fault.problem
                    + blip.problem + " (logs in " + work + ")");
        } catch (IllegalStateException e) {
            ok = false;
            summary = "remediations=0 healed=false mttr_s=0 webhook_to_action_ms=0 blip_remediations=0 pagerduty_events=none";
            System.out.println("The demo stopped: " + e.getMessage());
        }
        if (!once) {
            System.out.println("Everything keeps running: the receiver on " + Stack.url(Stack.RECEIVER)
                    + " (token in " + work.resolve("webhook-token") + "), Prometheus on " + Stack.url(Stack.PROMETHEUS)
                    + ", demo-app on " + Stack.url(Stack.DEMO_APP) + ". Ctrl-C stops them all.");
            System.out.println(summary);
            Thread.currentThread().join();
        }
        supervisor.stopAll();
        System.out.println(summary);
        System.exit(ok ? 0 : 1);
    }

    static final class Result {
        int remediations;
        boolean healed;
        double mttrSeconds;
        long webhookToActionMs;
        String events = "";
        boolean decided;
        boolean suppressedByScorer;
        String problem = "";
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
            sleep(500);
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
        await("start-up", Duration.ofSeconds(90), () -> http.ok(Stack.url(Stack.DEMO_APP) + "/healthz")
                && http.ok(Stack.url(Stack.PROMETHEUS) + "/-/ready") && http.ok(Stack.url(Stack.ALERTMANAGER) + "/-/ready")
                && http.ok(Stack.url(Stack.SCORER) + "/q/health/live") && http.ok(Stack.url(Stack.RECEIVER) + "/q/health/ready"));
        System.out.printf(Locale.ROOT, "All five programs are up (%.1f s).%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * The scorer confirms against the series' own history: without a trained model (that takes
     * hours of history) it uses a median/MAD baseline of the window, which needs a minute or so
     * of demo-app's normal, noisy traffic first.
     */
    void warmUp() {
        System.out.printf("Warming up: collecting %d s of demo-app's normal traffic, so the scorer has a baseline "
                + "(a trained Isolation Forest + LSTM model needs hours of history; until then the scorer answers "
                + "with its median/MAD fallback and says so).%n", BASELINE.toSeconds());
        Instant end = Instant.now().plus(BASELINE);
        while (Instant.now().isBefore(end)) {
            check();
            long left = Duration.between(Instant.now(), end).toSeconds();
            if (left % 15 == 0) {
                System.out.printf("  warming up: %d s left%n", left);
            }
            sleep(1000);
        }
    }

    private Optional<JsonNode> newEpisode(Instant after, long except) {
        return http.get(Stack.url(Stack.RECEIVER) + "/api/v1/episodes?limit=20").flatMap(list -> {
            for (JsonNode e : list.path("episodes")) {
                if (e.path("alertname").asText().equals("HighErrorRate") && e.path("id").asLong() != except
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

    private long restarts() {
        // demo-app's own count of /admin/restart calls that restarted it: the ground truth
        return http.get(Stack.url(Stack.DEMO_APP) + "/admin/faults").isPresent() ? restartsFromMetrics() : -1;
    }

    private long restartsFromMetrics() {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    Stack.url(Stack.DEMO_APP) + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("demo_app_restarts_total ")).mapToLong(
                    l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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

    Result fault() {
        Result r = new Result();
        long restartsBefore = restarts();
        Instant t0 = Instant.now();
        TimelinePrinter out = new TimelinePrinter(t0);
        System.out.println();
        System.out.println("1. A real fault: 60% of demo-app's requests fail.");
        http.post(Stack.url(Stack.DEMO_APP) + "/admin/faults", FAULT)
                .orElseThrow(() -> new IllegalStateException("demo-app refused the fault"));
        out.line("fault injected on demo-app");
        String[] state = {"inactive"};
        long[] id = {-1};
        boolean[] pendingSeen = {false};
        await("healing", Duration.ofSeconds(210), () -> {
            String s = alertState();
            if (!s.equals(state[0]) && !s.equals("unknown")) {
                if (s.equals("pending") || s.equals("firing")) {
                    out.line("Prometheus: HighErrorRate " + s);
                }
                pendingSeen[0] |= s.equals("pending");
                state[0] = s;
            }
            if (id[0] < 0) {
                newEpisode(t0, -1).ifPresent(e -> id[0] = e.path("id").asLong());
            }
            if (id[0] < 0) {
                return false;
            }
            JsonNode e = episode(id[0]);
            out.show(e);
            return remediationState(e).filter(x -> !x.equals("ACTING") && !x.equals("VERIFYING")).isPresent()
                    && hasResolveEvent(e);
        });
        JsonNode e = episode(id[0]);
        out.show(e);
        String finalState = remediationState(e).orElse("none");
        r.healed = finalState.equals("HEALED");
        r.remediations = (int) (restarts() - restartsBefore);
        Instant webhook = first(e, "delivery", null);
        Instant action = first(e, "action", null);
        Instant healed = first(e, "remediation", "HEALED");
        r.webhookToActionMs = webhook != null && action != null ? Duration.between(webhook, action).toMillis() : -1;
        r.mttrSeconds = healed != null ? Duration.between(t0, healed).toMillis() / 1000.0 : -1;
        r.events = String.join(",", events(e));
        long keys = java.util.stream.StreamSupport.stream(e.path("timeline").spliterator(), false)
                .filter(t -> t.path("kind").asText().equals("pagerduty")).map(t -> t.path("dedupKey").asText())
                .distinct().count();
        if (keys > 1) {
            r.problem += "the PagerDuty events carry " + keys + " dedup keys; ";
            r.events = r.events + "(" + keys + "-keys)";
        }
        System.out.printf(Locale.ROOT, "   fault → firing webhook: %.1f s; webhook → action: %d ms; fault → healed: %.1f s%n",
                webhook == null ? -1 : Duration.between(t0, webhook).toMillis() / 1000.0, r.webhookToActionMs, r.mttrSeconds);
        if (!r.healed) {
            r.problem = "the fault ended " + finalState + "; ";
        }
        return r;
    }

    private static boolean hasResolveEvent(JsonNode e) {
        return events(e).contains("resolve") || remediationState(e).filter(s -> !s.equals("HEALED")).isPresent();
    }

    private static Optional<String> remediationState(JsonNode e) {
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("remediation")) {
                return Optional.of(t.path("status").asText());
            }
        }
        return Optional.empty();
    }

    private static List<String> events(JsonNode e) {
        List<String> events = new ArrayList<>();
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("pagerduty")) {
                events.add(t.path("status").asText());
            }
        }
        return events;
    }

    private static Instant first(JsonNode e, String kind, String status) {
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals(kind) && (status == null || t.path("status").asText().equals(status))) {
                return Instant.parse(t.path("at").asText());
            }
        }
        return null;
    }

    Result blip() {
        Result r = new Result();
        System.out.println();
        System.out.println("2. A blip: 6 s of errors, enough to trip the coarse 1-minute rule, over before anyone could act.");
        await("the first alert to resolve", Duration.ofSeconds(120), () -> alertState().equals("inactive"));
        long restartsBefore = restarts();
        Instant t1 = Instant.now();
        TimelinePrinter out = new TimelinePrinter(t1);
        http.post(Stack.url(Stack.DEMO_APP) + "/admin/faults", BLIP)
                .orElseThrow(() -> new IllegalStateException("demo-app refused the blip"));
        out.line("blip injected on demo-app");
        long[] id = {-1};
        try {
            await("the blip's alert and decision", Duration.ofSeconds(100), () -> {
                if (id[0] < 0) {
                    newEpisode(t1, -1).ifPresent(e -> id[0] = e.path("id").asLong());
                }
                if (id[0] < 0) {
                    return false;
                }
                JsonNode e = episode(id[0]);
                out.show(e);
                return first(e, "decision", null) != null;
            });
        } catch (IllegalStateException ex) {
            r.problem = "the blip: " + ex.getMessage() + "; ";
            r.remediations = (int) (restarts() - restartsBefore);
            return r;
        }
        sleep(5000); // time for an action, if one were (wrongly) decided
        JsonNode e = episode(id[0]);
        out.show(e);
        r.decided = true;
        for (JsonNode t : e.path("timeline")) {
            if (t.path("kind").asText().equals("decision")) {
                r.suppressedByScorer = t.path("status").asText().equals("SUPPRESSED")
                        && t.path("reason").asText().contains("normal");
            }
        }
        r.remediations = (int) (restarts() - restartsBefore);
        if (!r.suppressedByScorer) {
            r.problem = "the blip was not judged normal by the scorer; ";
        }
        return r;
    }
}
