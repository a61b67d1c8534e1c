package dev.selfheal.receiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.alertmanager.AlertmanagerFingerprint;
import dev.selfheal.receiver.auth.SecretSource;
import dev.selfheal.receiver.episode.Episode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code ./selfheal alert NAME [label=value…] [--resolve] [--live]}: posts one alert to the
 * receiver as Alertmanager would (the same webhook body, its fingerprint computed the same way),
 * labelled {@code selfheal_test="true"} unless {@code --live}, so every matching playbook decides
 * as in shadow mode and nothing runs; then prints the episode's decisions when they come.
 * {@code --resolve} resolves the newest firing episode of the same labels. The receiver and its
 * token come from {@code SELFHEAL_RECEIVER_URL} (default {@code http://127.0.0.1:8080}) and
 * {@code SELFHEAL_WEBHOOK_TOKEN} / {@code SELFHEAL_WEBHOOK_TOKEN_FILE} (default
 * {@code data/webhook-token}, as {@code ./selfheal run} writes it). Exit codes: 0 posted, 2 bad
 * arguments, 3 the receiver unreachable or refusing.
 */
public final class AlertMain {

    static final String USAGE = "usage: ./selfheal alert NAME [label=value...] [--resolve] [--live] [--wait SECONDS]";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI receiver;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AlertMain(URI receiver, String token) {
        this.receiver = receiver;
        this.token = token;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The parsed command line. */
    record Command(SortedMap<String, String> labels, boolean resolve, Duration patience) {
    }

    static Command parse(String[] args) {
        SortedMap<String, String> labels = new TreeMap<>();
        boolean resolve = false;
        boolean live = false;
        Duration wait = Duration.ofSeconds(90);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--resolve")) {
                resolve = true;
            } else if (a.equals("--live")) {
                live = true;
            } else if (a.equals("--wait")) {
                if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,5}")) {
                    throw new IllegalArgumentException("--wait needs a number of seconds");
                }
                wait = Duration.ofSeconds(Long.parseLong(args[++i]));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            } else if (labels.isEmpty() && !a.contains("=")) {
                labels.put("alertname", a);
            } else {
                int eq = a.indexOf('=');
                if (eq <= 0 || !LABEL_NAME.matcher(a.substring(0, eq)).matches()) {
                    throw new IllegalArgumentException("'" + a + "' is not label=value (a label name is letters, "
                            + "digits and _, not starting with a digit)");
                }
                labels.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        if (!labels.containsKey("alertname") || labels.get("alertname").isBlank()) {
            throw new IllegalArgumentException("the alert's NAME comes first");
        }
        if (!live) {
            labels.put(Episode.TEST_LABEL, "true");
        } else if ("true".equals(labels.get(Episode.TEST_LABEL))) {
            throw new IllegalArgumentException("--live and " + Episode.TEST_LABEL + "=true contradict each other");
        }
        return new Command(labels, resolve, wait);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Command command;
        String token;
        URI receiver;
        try {
            command = parse(args);
            receiver = URI.create(env.getOrDefault("SELFHEAL_RECEIVER_URL", "http://127.0.0.1:8080"));
            token = token(env);
        } catch (IllegalArgumentException e) {
            err.println("alert: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return new AlertMain(receiver, token).post(command, out, err);
        } catch (IOException e) {
            err.println("alert: the receiver at " + receiver + " cannot be reached: " + e);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
    }

    /** SELFHEAL_WEBHOOK_TOKEN, else the file SELFHEAL_WEBHOOK_TOKEN_FILE (default data/webhook-token, as `run` writes it). */
    private static String token(Map<String, String> env) {
        Optional<String> fixed = Optional.ofNullable(env.get("SELFHEAL_WEBHOOK_TOKEN")).filter(t -> !t.isBlank());
        Path file = Path.of(env.getOrDefault("SELFHEAL_WEBHOOK_TOKEN_FILE",
                Path.of(env.getOrDefault("SELFHEAL_DATA_DIR", "data"), "webhook-token").toString()));
        return new SecretSource("webhook token", fixed, fixed.isPresent() ? Optional.empty() : Optional.of(file))
                .current().orElseThrow(() -> new IllegalArgumentException("no webhook token: set SELFHEAL_WEBHOOK_TOKEN "
                        + "or SELFHEAL_WEBHOOK_TOKEN_FILE (" + file + " cannot be read or is empty)"));
    }

    private int post(Command command, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        String fingerprint = AlertmanagerFingerprint.of(command.labels());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant startsAt = now;
        Long episodeId = null;
        if (command.resolve()) {
            JsonNode open = findEpisode(fingerprint, null, "firing");
            if (open == null) {
                err.println("alert: no firing episode of " + command.labels() + " to resolve");
                return 3;
            }
            startsAt = Instant.parse(open.path("startsAt").asText());
            episodeId = open.path("id").asLong();
        }
        HttpResponse<String> answer = send("POST", "/api/v1/alerts", body(command, fingerprint, startsAt, now));
        if (answer.statusCode() != 200) {
            err.println("alert: the receiver answered " + answer.statusCode() + ": " + answer.body());
            return 3;
        }
        out.println("posted " + (command.resolve() ? "resolved" : "firing") + " " + command.labels()
                + " (fingerprint " + fingerprint + ", startsAt " + startsAt + ")");
        if (command.resolve()) {
            out.println("episode " + episodeId + " resolves");
            return 0;
        }
        return printDecisions(fingerprint, startsAt, command.patience(), out);
    }

    private int printDecisions(String fingerprint, Instant startsAt, Duration wait, PrintStream out)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode episode = null;
        while (System.nanoTime() < deadline) {
            if (episode == null) {
                episode = findEpisode(fingerprint, startsAt, null);
            }
            if (episode != null) {
                JsonNode detail = JSON.readTree(send("GET", "/api/v1/episodes/" + episode.path("id").asLong(), null).body());
                List<JsonNode> decisions = new ArrayList<>();
                detail.path("timeline").forEach(t -> {
                    if ("decision".equals(t.path("kind").asText())) {
                        decisions.add(t);
                    }
                });
                if (!decisions.isEmpty()) {
                    out.println("episode " + detail.path("id").asLong() + (detail.path("test").asBoolean()
                            ? " (test: nothing runs)" : " (live)"));
                    for (JsonNode d : decisions) {
                        out.println("  " + d.path("playbook").asText() + ": " + d.path("status").asText()
                                + (d.path("score").isNumber() ? " (score " + d.path("score").asText() + ")" : "")
                                + (d.path("target").isTextual() ? " on " + d.path("target").asText() : "")
                                + ": " + d.path("reason").asText());
                    }
                    return 0;
                }
            }
            Thread.sleep(250);
        }
        out.println(episode == null ? "the episode did not appear within " + wait.toSeconds() + " s"
                : "no decision within " + wait.toSeconds() + " s on episode " + episode.path("id").asLong()
                        + ": no playbook matches these labels, or a confirm.persist wait is longer (--wait)");
        return 0;
    }

    /** The newest episode of this fingerprint (and startsAt, when given) in the given status (any when null). */
    private JsonNode findEpisode(String fingerprint, Instant startsAt, String status)
            throws IOException, InterruptedException {
        JsonNode list = JSON.readTree(send("GET", "/api/v1/episodes?limit=1000" + (status == null ? ""
                : "&status=" + status), null).body());
        for (JsonNode e : list.path("episodes")) {
            if (fingerprint.equals(e.path("fingerprint").asText()) && (startsAt == null
                    || Instant.parse(e.path("startsAt").asText()).equals(startsAt))) {
                return e;
            }
        }
        return null;
    }

    private static String body(Command command, String fingerprint, Instant startsAt, Instant now) throws IOException {
        boolean resolved = command.resolve();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("status", resolved ? "resolved" : "firing");
        alert.put("labels", command.labels());
        alert.put("annotations", Map.of("summary", "posted by ./selfheal alert"));
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", resolved ? now.toString() : "0001-01-01T00:00:00Z");
        alert.put("generatorURL", "");
        alert.put("fingerprint", fingerprint);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receiver", "selfheal");
        body.put("status", alert.get("status"));
        body.put("alerts", List.of(alert));
        body.put("groupLabels", Map.of("alertname", command.labels().get("alertname")));
        body.put("commonLabels", command.labels());
        body.put("commonAnnotations", alert.get("annotations"));
        body.put("externalURL", "http://selfheal-alert-command");
        body.put("version", "4");
        body.put("groupKey", "{}:{alertname=" + JSON.writeValueAsString(command.labels().get("alertname")) + "}");
        body.put("truncatedAlerts", 0);
        return JSON.writeValueAsString(body);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
