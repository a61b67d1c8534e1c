package dev.selfheal.receiver.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What a playbooks file may hold: every key at every level with its type. The loader checks a
 * file against it before reading any value (an unknown key is refused with the nearest valid key
 * suggested, a value of the wrong type is refused, never defaulted), and {@link #jsonSchema()}
 * writes the same definitions as the JSON Schema committed as {@code playbooks.schema.json}, so
 * editors validate as people type. One source for both.
 */
public final class PlaybookSchema {

    /** A value's type. */
    public enum Type { STRING, NUMBER, INTEGER, BOOLEAN, DURATION, STRING_LIST, STRING_OR_LIST, STRING_MAP, OBJECT, OBJECT_LIST }

    /** One key: its type, the allowed words of an enumeration, the keys of an object, its description. */
    public record Key(Type type, List<String> words, Map<String, Key> keys, String description) {
    }

    public static Key key(Type type, String description) {
        return new Key(type, List.of(), Map.of(), description);
    }

    public static Key words(String description, String... words) {
        return new Key(Type.STRING, List.of(words), Map.of(), description);
    }

    @SafeVarargs
    public static Map<String, Key> keys(Map.Entry<String, Key>... entries) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Map.Entry<String, Key> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    static final Map<String, Key> HTTP = keys(
            Map.entry("allow", key(Type.STRING_LIST, "URL prefixes that http targets must start with")),
            Map.entry("allowPrivate", key(Type.STRING_LIST, "host names that may resolve to private addresses")));

    static final Map<String, Key> CONFIRM = keys(
            Map.entry("query", key(Type.STRING, "PromQL template the scorer evaluates ({{ .label }} from the alert)")),
            Map.entry("window", key(Type.DURATION, "how much of the series the scorer looks at (default 30m)")),
            Map.entry("step", key(Type.DURATION, "the series' resolution (default 15s)")),
            Map.entry("threshold", key(Type.NUMBER, "recorded with the decision; the scorer's served verdict (its anomalous event, at SELFHEAL_SCORING_THRESHOLD) confirms (default 0.5)")),
            Map.entry("onScorerUnavailable", words("what to do when the scorer cannot answer (default page)",
                    "page", "remediate", "skip")),
            Map.entry("onModelNotReady", words("what to do when the scorer answers from its median/MAD fallback, "
                    + "not a trained model (default page; fallback: decide on the fallback's verdict)",
                    "page", "fallback", "skip")),
            Map.entry("persist", key(Type.DURATION, "how long an anomaly must last to be confirmed: decide when the "
                    + "episode is this old, confirming only while the series is still outside its normal band, so a "
                    + "burst already over is suppressed (default 0s: decide at once)")));

    static final Map<String, Key> TARGET = keys(
            Map.entry("kind", words("what the actions act on (pod-owner: the workload owning the pod the alert names)", "http",
                    "deployment", "statefulset", "daemonset", "pod", "pod-owner")),
            Map.entry("url", key(Type.STRING, "http targets: the URL (under an http.allow prefix)")),
            Map.entry("nameLabel", key(Type.STRING, "Kubernetes targets: the alert label naming the workload or pod")),
            Map.entry("namespaceLabel", key(Type.STRING, "Kubernetes targets: the alert label naming the namespace "
                    + "(default namespace)")));

    static final Map<String, Key> VERIFY = keys(
            Map.entry("settle", key(Type.DURATION, "wait after the action before checking; for check scorer, also "
                    + "how long the series must be back in its band (default 60s)")),
            Map.entry("check", words("what says healed (default both): scorer, the series back inside the scorer's "
                    + "band for settle (or the alert resolved first); resolved, Alertmanager's resolve; both, the resolve "
                    + "and the scorer's event closed", "scorer", "resolved", "both")),
            Map.entry("timeout", key(Type.DURATION, "not healed by then: escalate (default 5m)")));

    /** An action's keys by its type (each has {@code type}), from the {@link ActionTypes}. */
    static Map<String, Map<String, Key>> actions() {
        Map<String, Map<String, Key>> actions = new LinkedHashMap<>();
        ActionTypes.all().forEach((type, action) -> actions.put(type, action.keys()));
        return actions;
    }

    static final Map<String, Key> SLACK = keys(
            Map.entry("channel", key(Type.STRING, "the channel the Slack app posts to: #name or a channel ID (C…)")),
            Map.entry("on", new Key(Type.STRING_LIST, List.of("approve", "remediate", "suppressed", "failed", "healed",
                    "escalated", "page"), Map.of(), "what the channel hears of (default approve, failed, escalated, "
                    + "page): approve carries Approve and Reject buttons")));

    static final Map<String, Key> PLAYBOOK = keys(
            Map.entry("name", key(Type.STRING, "unique name")),
            Map.entry("match", key(Type.STRING_OR_LIST, "Alertmanager matchers, e.g. {alertname=\"HighErrorRate\"}")),
            Map.entry("confirm", new Key(Type.OBJECT, List.of(), CONFIRM, "how the scorer confirms the alert")),
            Map.entry("target", new Key(Type.OBJECT, List.of(), TARGET, "what the actions act on")),
            Map.entry("actions", new Key(Type.OBJECT_LIST, List.of(), Map.of(), "the escalation chain, in order")),
            Map.entry("mode", words("auto acts, approve waits for an operator, shadow only records (default shadow)",
                    "shadow", "approve", "auto")),
            Map.entry("cooldown", key(Type.DURATION, "no second action on the same target within it (default 30m)")),
            Map.entry("maxPerHour", key(Type.INTEGER, "actions of this playbook per hour (default 3)")),
            Map.entry("verify", new Key(Type.OBJECT, List.of(), VERIFY, "how the effect is verified")),
            Map.entry("pagerduty", words("when PagerDuty hears of it (default always)", "always", "on-failure", "never")),
            Map.entry("pagerdutyOnSuppressed", key(Type.BOOLEAN, "send PagerDuty an info event when the scorer "
                    + "suppresses the alert, for alerts routed to selfheal only (default false)")),
            Map.entry("pagerdutyRoutingKeyFile", key(Type.STRING, "a routing key file for this playbook's events")),
            Map.entry("gitops", words("for a target Argo CD or Flux manages: approve (a human approves first, even "
                    + "in auto mode), refuse (page), allow (default approve for scale and rollback, allow for the rest)",
                    "approve", "refuse", "allow")),
            Map.entry("slack", new Key(Type.OBJECT, List.of(), SLACK, "a Slack channel that hears of this playbook's "
                    + "episodes (SELFHEAL_SLACK_BOT_TOKEN)")));

    static final Map<String, Key> ROOT = keys(
            Map.entry("http", new Key(Type.OBJECT, List.of(), HTTP, "the http actions' allowlist")),
            Map.entry("playbooks", new Key(Type.OBJECT_LIST, List.of(), PLAYBOOK, "the playbooks")));

    private PlaybookSchema() {
    }

    /**
     * Reports every key of {@code node} that {@code allowed} does not name (with the nearest one
     * suggested) and every value of the wrong type; nested objects are checked too (not lists of
     * objects: the loader checks each element with its own keys).
     */
    static void check(JsonNode node, Map<String, Key> allowed, String prefix, BiConsumer<String, String> problem) {
        if (node == null || !node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            Key key = allowed.get(field.getKey());
            if (key == null) {
                String near = nearest(field.getKey(), allowed.keySet());
                problem.accept(path, "unknown key '" + field.getKey() + "'"
                        + (near == null ? " (valid here: " + String.join(", ", allowed.keySet()) + ")"
                        : " (did you mean '" + near + "'?)"));
                return;
            }
            String wrong = typeProblem(field.getValue(), key);
            if (wrong != null) {
                problem.accept(path, wrong);
            } else if (key.type() == Type.OBJECT) {
                check(field.getValue(), key.keys(), path, problem);
            }
        });
    }

    private static String typeProblem(JsonNode v, Key key) {
        if (v.isNull()) {
            return "must not be empty";
        }
        boolean ok = switch (key.type()) {
            case STRING, DURATION -> v.isTextual();
            case NUMBER -> v.isNumber();
            case INTEGER -> v.isIntegralNumber();
            case BOOLEAN -> v.isBoolean();
            case STRING_LIST -> v.isArray() && allText(v);
            case STRING_OR_LIST -> v.isTextual() || (v.isArray() && allText(v));
            case STRING_MAP -> v.isObject() && allText(v);
            case OBJECT -> v.isObject();
            case OBJECT_LIST -> v.isArray();
        };
        if (ok) {
            return null;
        }
        String shown = v.isValueNode() ? "'" + v.asText() + "'" : (v.isArray() ? "a list" : "a mapping");
        return "must be " + describe(key.type()) + ", got " + shown;
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode x : container) {
            if (!x.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Type type) {
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case INTEGER -> "a whole number";
            case BOOLEAN -> "true or false";
            case DURATION -> "a duration like 30s, 5m or 1h";
            case STRING_LIST -> "a list of strings";
            case STRING_OR_LIST -> "a string or a list of strings";
            case STRING_MAP -> "a mapping of names to strings";
            case OBJECT -> "a mapping";
            case OBJECT_LIST -> "a list";
        };
    }

    /** The valid key closest to a typo (edit distance at most 2, or 3 for long keys), or null. */
    static String nearest(String typo, Iterable<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance(typo.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= (typo.length() > 8 ? 3 : 2) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- the JSON Schema (draft 2020-12) of the same definitions ----

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The JSON Schema for playbooks.yml, as committed in {@code playbooks.schema.json}. */
    public static ObjectNode jsonSchema() {
        ObjectNode schema = object(ROOT);
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "selfheal playbooks");
        schema.putArray("required").add("playbooks");
        ObjectNode playbook = object(PLAYBOOK);
        playbook.putArray("required").add("name").add("match").add("confirm").add("target").add("actions");
        ((ObjectNode) schema.get("properties").get("playbooks")).set("items", playbook);
        ArrayNode oneOf = JSON.arrayNode();
        actions().forEach((type, keys) -> {
            Map<String, Key> all = new LinkedHashMap<>();
            all.put("type", words("the action", type));
            all.putAll(keys);
            ObjectNode action = object(all);
            action.putArray("required").add("type");
            oneOf.add(action);
        });
        ((ObjectNode) playbook.get("properties").get("actions")).putObject("items").set("oneOf", oneOf);
        return schema;
    }

    private static ObjectNode object(Map<String, Key> keys) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        ObjectNode properties = o.putObject("properties");
        keys.forEach((name, key) -> properties.set(name, property(key)));
        o.put("additionalProperties", false);
        return o;
    }

    private static ObjectNode stringList() {
        ObjectNode list = JSON.objectNode().put("type", "array");
        list.putObject("items").put("type", "string");
        return list;
    }

    private static ObjectNode property(Key key) {
        ObjectNode p = switch (key.type()) {
            case OBJECT -> object(key.keys());
            case OBJECT_LIST -> JSON.objectNode().put("type", "array");
            case STRING_LIST -> stringList();
            case STRING_OR_LIST -> {
                ObjectNode either = JSON.objectNode();
                either.putArray("oneOf").add(JSON.objectNode().put("type", "string")).add(stringList());
                yield either;
            }
            case STRING_MAP -> {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.putObject("additionalProperties").put("type", "string");
                yield map;
            }
            case DURATION -> JSON.objectNode().put("type", "string").put("pattern", "^((\\d+)(ms|s|m|h|d))+$");
            case NUMBER -> JSON.objectNode().put("type", "number");
            case INTEGER -> JSON.objectNode().put("type", "integer");
            case BOOLEAN -> JSON.objectNode().put("type", "boolean");
            case STRING -> JSON.objectNode().put("type", "string");
        };
        if (!key.words().isEmpty() && key.type() == Type.STRING_LIST) {
            ArrayNode e = ((ObjectNode) p.get("items")).putArray("enum");
            new ArrayList<>(key.words()).forEach(e::add);
        } else if (!key.words().isEmpty()) {
            ArrayNode e = p.putArray("enum");
            new ArrayList<>(key.words()).forEach(e::add);
        }
        p.put("description", key.description());
        return p;
    }
}
