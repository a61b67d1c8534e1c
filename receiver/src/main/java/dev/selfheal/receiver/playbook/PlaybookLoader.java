package dev.selfheal.receiver.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a playbooks file. Every problem is collected and reported as
 * {@code FILE: playbooks[i] (NAME): FIELD: what is wrong}; a file with any problem is refused
 * whole, so a half-valid set is never applied. Every key is checked against
 * {@link PlaybookSchema} first: an unknown key is refused with the nearest valid one suggested
 * ({@code treshold: 0.9} would otherwise run at 0.5), a value of the wrong type is refused
 * ({@code maxPerHour: "5x"} would otherwise become 3).
 */
public final class PlaybookLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("((\\d+)(ms|s|m|h|d))+");
    private static final Set<String> K8S_KINDS = Set.of("deployment", "statefulset", "daemonset", "pod", "pod-owner");

    private PlaybookLoader() {
    }

    public static List<Playbook> load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PlaybookValidationException(List.of(file + ": cannot be read as YAML: " + e.getMessage()));
        }
        return parse(file.toString(), root);
    }

    static List<Playbook> parse(String file, JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject() || !root.path("playbooks").isArray()) {
            throw new PlaybookValidationException(List.of(file + ": must hold a list under 'playbooks'"));
        }
        PlaybookSchema.check(root, PlaybookSchema.ROOT, "", (field, message) -> problems.add(file + ": " + field + ": " + message));
        if (!problems.isEmpty()) {
            throw new PlaybookValidationException(problems);
        }
        List<String> allowedUrls = new ArrayList<>();
        root.path("http").path("allow").forEach(n -> allowedUrls.add(n.asText()));
        Set<String> privateHosts = new HashSet<>();
        root.path("http").path("allowPrivate").forEach(n -> privateHosts.add(n.asText()));
        List<Playbook> playbooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = root.get("playbooks");
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String name = node.path("name").asText("");
            Context ctx = new Context(file + ": playbooks[" + i + "]" + (name.isEmpty() ? "" : " (" + name + ")"), problems);
            if (!node.isObject()) {
                ctx.problem("", "must be a mapping");
                continue;
            }
            PlaybookSchema.check(node, PlaybookSchema.PLAYBOOK, "", ctx::problem);
            if (name.isEmpty()) {
                ctx.problem("name", "is required");
            } else if (!names.add(name)) {
                ctx.problem("name", "'" + name + "' is used by another playbook");
            }
            Playbook playbook = playbook(ctx, name, node, allowedUrls, privateHosts);
            if (playbook != null) {
                playbooks.add(playbook);
            }
        }
        if (!problems.isEmpty()) {
            throw new PlaybookValidationException(problems);
        }
        return List.copyOf(playbooks);
    }

    private record Context(String where, List<String> problems) {
        void problem(String field, String message) {
            problems.add(where + ": " + field + ": " + message);
        }
    }

    private static Playbook playbook(Context ctx, String name, JsonNode node, List<String> allowedUrls,
                                     Set<String> privateHosts) {
        int before = ctx.problems().size();
        List<Matcher> match = List.of();
        try {
            JsonNode m = node.get("match");
            if (m == null || m.isNull()) {
                ctx.problem("match", "is required (Alertmanager matchers, e.g. alertname=\"HighErrorRate\")");
            } else if (m.isArray()) {
                List<Matcher> all = new ArrayList<>();
                m.forEach(x -> all.addAll(MatcherParser.parse(x.asText())));
                match = all;
            } else {
                match = MatcherParser.parse(m.asText());
            }
        } catch (IllegalArgumentException e) {
            ctx.problem("match", e.getMessage());
        }
        JsonNode c = node.path("confirm");
        QueryTemplate query = null;
        try {
            if (!c.path("query").isTextual()) {
                ctx.problem("confirm.query", "is required (a PromQL template)");
            } else {
                query = QueryTemplate.parse(c.get("query").asText());
            }
        } catch (IllegalArgumentException e) {
            ctx.problem("confirm.query", e.getMessage());
        }
        Duration window = duration(ctx, c, "confirm.window", "30m", Duration.ofMinutes(1), Duration.ofDays(1));
        Duration step = duration(ctx, c, "confirm.step", "15s", Duration.ofSeconds(1), Duration.ofHours(1));
        double threshold = c.path("threshold").asDouble(0.5);
        if (threshold <= 0 || threshold >= 1) {
            ctx.problem("confirm.threshold", "must be between 0 and 1 (exclusive)");
        }
        Playbook.OnScorerUnavailable onUnavailable = choice(ctx, c, "onScorerUnavailable", "confirm.onScorerUnavailable",
                "page", Playbook.OnScorerUnavailable.class);
        Playbook.OnModelNotReady onModelNotReady = choice(ctx, c, "onModelNotReady", "confirm.onModelNotReady",
                "page", Playbook.OnModelNotReady.class);
        Duration persist = duration(ctx, c, "confirm.persist", "0s", Duration.ZERO, Duration.ofMinutes(10));
        Playbook.Target target = target(ctx, node.path("target"), allowedUrls);
        List<Playbook.ActionSpec> actions = actions(ctx, node.path("actions"), target, privateHosts);
        Playbook.Mode mode = choice(ctx, node, "mode", "mode", "shadow", Playbook.Mode.class);
        Duration cooldown = duration(ctx, node, "cooldown", "30m", Duration.ZERO, Duration.ofDays(7));
        int maxPerHour = node.path("maxPerHour").asInt(3);
        if (maxPerHour < 1 || maxPerHour > 1000) {
            ctx.problem("maxPerHour", "must be from 1 to 1000");
        }
        JsonNode v = node.path("verify");
        Playbook.Verify verify = new Playbook.Verify(
                duration(ctx, v, "verify.settle", "60s", Duration.ZERO, Duration.ofHours(1)),
                choice(ctx, v, "check", "verify.check", "both", Playbook.VerifyCheck.class),
                duration(ctx, v, "verify.timeout", "5m", Duration.ofSeconds(10), Duration.ofHours(6)));
        Playbook.PagerDutyPolicy pagerduty = choice(ctx, node, "pagerduty", "pagerduty", "always",
                Playbook.PagerDutyPolicy.class);
        Playbook.GitOps gitops = node.hasNonNull("gitops")
                ? choice(ctx, node, "gitops", "gitops", "allow", Playbook.GitOps.class) : null;
        Playbook.Slack slack = node.has("slack") ? slack(ctx, node.get("slack")) : null;
        if (ctx.problems().size() > before) {
            return null;
        }
        return new Playbook(name, match, new Playbook.Confirm(query, window, step, threshold, onUnavailable,
                onModelNotReady, persist), target,
                actions, mode, cooldown, maxPerHour, verify, pagerduty, node.path("pagerdutyOnSuppressed").asBoolean(false),
                node.hasNonNull("pagerdutyRoutingKeyFile") ? node.get("pagerdutyRoutingKeyFile").asText() : null, gitops,
                slack);
    }

    /** Slack's channel (required) and what it hears of (default: what needs a human). */
    private static Playbook.Slack slack(Context ctx, JsonNode s) {
        String channel = s.path("channel").asText("").strip();
        if (channel.isEmpty()) {
            ctx.problem("slack.channel", "is required: #name or a channel ID");
        }
        if (!s.has("on")) {
            return new Playbook.Slack(channel, java.util.EnumSet.of(Playbook.SlackOn.APPROVE, Playbook.SlackOn.FAILED,
                    Playbook.SlackOn.ESCALATED, Playbook.SlackOn.PAGE));
        }
        java.util.EnumSet<Playbook.SlackOn> on = java.util.EnumSet.noneOf(Playbook.SlackOn.class);
        for (JsonNode word : s.path("on")) {
            JsonNode holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("on", word);
            on.add(choice(ctx, holder, "on", "slack.on", "approve", Playbook.SlackOn.class));
        }
        if (on.isEmpty()) {
            ctx.problem("slack.on", "names nothing: leave the slack block out instead");
        }
        return new Playbook.Slack(channel, java.util.Set.copyOf(on));
    }

    private static Playbook.Target target(Context ctx, JsonNode t, List<String> allowedUrls) {
        String kind = t.path("kind").asText("");
        if (kind.equals("http")) {
            String url = t.path("url").asText("");
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    ctx.problem("target.url", "must be an http or https URL");
                } else if (allowedUrls.stream().noneMatch(url::startsWith)) {
                    ctx.problem("target.url", "'" + url + "' is not under any prefix of http.allow " + allowedUrls);
                }
            } catch (IllegalArgumentException e) {
                ctx.problem("target.url", "is not a URL");
            }
            return new Playbook.Target(kind, null, null, url);
        }
        if (!K8S_KINDS.contains(kind)) {
            ctx.problem("target.kind", "must be one of http, deployment, statefulset, daemonset, pod, pod-owner");
            return null;
        }
        String nameLabel = t.path("nameLabel").asText("");
        if (nameLabel.isEmpty()) {
            ctx.problem("target.nameLabel", "is required: the alert label that names the " + kind);
        }
        return new Playbook.Target(kind, t.path("namespaceLabel").asText("namespace"), nameLabel, null);
    }

    private static List<Playbook.ActionSpec> actions(Context ctx, JsonNode list, Playbook.Target target,
                                                    Set<String> privateHosts) {
        List<Playbook.ActionSpec> actions = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            ctx.problem("actions", "is required: at least one action");
            return actions;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String field = "actions[" + i + "]";
            String type = a.path("type").asText("");
            Map<String, PlaybookSchema.Key> keys = new LinkedHashMap<>();
            keys.put("type", new PlaybookSchema.Key(PlaybookSchema.Type.STRING, List.of(), Map.of(), "the action"));
            ActionType action = ActionTypes.of(type).orElse(null);
            if (action != null) {
                keys.putAll(action.keys());
            }
            if (action != null || !a.has("type")) {
                PlaybookSchema.check(a, keys, field, ctx::problem);
            }
            Map<String, Object> params = Map.of();
            String kind = target == null ? "" : target.kind();
            if (action == null) {
                String near = PlaybookSchema.nearest(type, ActionTypes.all().keySet());
                ctx.problem(field + ".type", "must be one of " + String.join(", ", ActionTypes.all().keySet())
                        + (near == null || type.isEmpty() ? "" : " (did you mean '" + near + "'?)"));
            } else {
                require(ctx, field, action.targetKinds().contains(kind), type + " needs "
                        + article(action.targetKinds().get(0)) + " " + either(action.targetKinds()) + " target");
                params = action.parameters(a, new ActionContext(ctx, field, target, privateHosts));
            }
            actions.add(new Playbook.ActionSpec(type, Map.copyOf(params)));
        }
        return actions;
    }

    /** "an" before a kind spoken with a vowel first (http, an "aitch"), else "a". */
    private static String article(String word) {
        return word.matches("(?i)[aeiou].*|http.*") ? "an" : "a";
    }

    /** "a", "a or b", "a, b or c". */
    private static String either(List<String> words) {
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /** What an {@link ActionType} reads its parameters with: problems land under its field. */
    private record ActionContext(Context ctx, String field, Playbook.Target target, Set<String> privateHosts)
            implements ActionType.Context {

        @Override
        public void problem(String key, String message) {
            ctx.problem(key.isEmpty() ? field : field + "." + key, message);
        }

        @Override
        public Duration duration(JsonNode action, String key, String fallback, Duration min, Duration max) {
            return PlaybookLoader.duration(ctx, action, field + "." + key, fallback, min, max);
        }
    }

    private static void require(Context ctx, String field, boolean ok, String message) {
        if (!ok) {
            ctx.problem(field, message);
        }
    }

    private static <E extends Enum<E>> E choice(Context ctx, JsonNode parent, String key, String field, String fallback,
                                                Class<E> type) {
        String text = parent.path(key).asText(fallback);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                allowed.add(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            ctx.problem(field, "'" + text + "' is not one of " + allowed);
            return Enum.valueOf(type, fallback.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static Duration duration(Context ctx, JsonNode parent, String field, String fallback, Duration min,
                                     Duration max) {
        String key = field.substring(field.lastIndexOf('.') + 1);
        String text = parent.path(key).asText(fallback);
        if (!DURATION.matcher(text).matches()) {
            ctx.problem(field, "'" + text + "' is not a duration like 30s, 5m or 1h");
            return Duration.parse("PT" + fallback.toUpperCase(Locale.ROOT).replace("MS", "S"));
        }
        Duration d = Durations.parse(text).orElseThrow();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            ctx.problem(field, "must be from " + format(min) + " to " + format(max) + ", got " + text);
        }
        return d;
    }

    /** A duration as a playbook writes it: 90s is {@code 1m30s}, a day {@code 1d}, zero {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
