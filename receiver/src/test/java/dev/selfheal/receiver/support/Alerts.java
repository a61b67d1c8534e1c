package dev.selfheal.receiver.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Hand-built Alertmanager 0.25 webhooks for one alert, firing or resolved, and the episode it makes. */
public final class Alerts {

    private Alerts() {
    }

    public static String webhook(String status, Map<String, String> labels, String startsAt) {
        String json = labels.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        String endsAt = status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-11-28T03:10:00Z";
        return """
                {"version":"4","status":"%s","receiver":"selfheal","groupKey":"{}:{alertname=\\"%s\\"}",
                 "externalURL":"http://alertmanager.test:9093",
                 "alerts":[{"status":"%s","labels":{%s},"annotations":{"summary":"test alert"},
                 "startsAt":"%s","endsAt":"%s","generatorURL":"http://prometheus.test/graph"}]}"""
                .formatted(status, labels.get("alertname"), status, json, startsAt, endsAt);
    }

    /** Posts the alert firing and returns its episode id. */
    public static long fire(Map<String, String> labels, String startsAt) {
        Api.postWebhook(webhook("firing", labels, startsAt)).then().statusCode(200);
        return idOf(labels);
    }

    public static void resolve(Map<String, String> labels, String startsAt) {
        Api.postWebhook(webhook("resolved", labels, startsAt)).then().statusCode(200);
    }

    @SuppressWarnings("unchecked")
    public static long idOf(Map<String, String> labels) {
        List<Map<String, Object>> all = Api.authed().get("/api/v1/episodes?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("episodes");
        return all.stream().filter(e -> ((Map<String, String>) e.get("labels")).equals(labels)).findFirst()
                .map(e -> ((Number) e.get("id")).longValue()).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> timeline(long id, String kind) {
        return ((List<Map<String, Object>>) Api.episode(id).get("timeline")).stream()
                .filter(t -> kind.equals(t.get("kind"))).toList();
    }

    /** The remediation's state as the timeline shows it, or "none". */
    public static String remediation(long id) {
        List<Map<String, Object>> r = timeline(id, "remediation");
        return r.isEmpty() ? "none" : (String) r.get(0).get("status");
    }
}
