package dev.selfheal.receiver.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookSchema;
import dev.selfheal.receiver.playbook.QueryTemplate;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The allow-listed HTTP action: one request to the playbook's target URL (checked against
 * {@code http.allow} when the playbook was loaded), no redirects followed, the resolved address
 * checked by {@link AddressGuard}, header secrets read from files at call time and never logged.
 * The target can de-duplicate by the {@code Idempotency-Key} header; selfheal itself never sends
 * the same key twice on purpose.
 */
@Singleton
public final class HttpAction implements RemediationAction {

    /** Its playbook name. */
    public static final String TYPE = "http";

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public String target(ActionRequest request) {
        return request.playbook().target().url();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ActionOutcome apply(ActionRequest request) {
        Map<String, Object> p = request.spec().params();
        String url = request.playbook().target().url();
        String method = (String) p.getOrDefault("method", "POST");
        Optional<String> refusal = AddressGuard.check(URI.create(url), Boolean.TRUE.equals(p.get("allowPrivate")));
        if (refusal.isPresent()) {
            return ActionOutcome.refused(refusal.get());
        }
        String body = p.get("body") == null ? null
                : QueryTemplate.parse((String) p.get("body")).renderJson(request.labels());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout((Duration) p.getOrDefault("timeout", Duration.ofSeconds(5)))
                .header("User-Agent", "selfheal-receiver")
                .header("Idempotency-Key", request.key())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        ((Map<String, String>) p.getOrDefault("headers", Map.of())).forEach(builder::header);
        for (Map.Entry<String, String> e : ((Map<String, String>) p.getOrDefault("headerFiles", Map.of())).entrySet()) {
            try {
                builder.header(e.getKey(), Files.readString(Path.of(e.getValue())).strip());
            } catch (IOException | IllegalArgumentException ex) {
                // the path is configuration, the content a secret: name the header and the file only
                return ActionOutcome.refused("the secret for header " + e.getKey() + " cannot be read from "
                        + e.getValue());
            }
        }
        int expected = (Integer) p.getOrDefault("expectStatus", 0);
        try {
            HttpResponse<Void> response = client.send(builder.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            boolean ok = expected == 0 ? status >= 200 && status < 300 : status == expected;
            String detail = method + " " + url + " answered " + status
                    + (ok ? "" : expected == 0 ? " (expected 2xx)" : " (expected " + expected + ")")
                    + (status >= 300 && status < 400 ? "; redirects are not followed" : "");
            return ok ? ActionOutcome.succeeded(detail, null, "HTTP " + status)
                    : ActionOutcome.failed(detail, null);
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            // no connection: nothing reached the target
            return ActionOutcome.failed(method + " " + url + " failed: " + e.getClass().getSimpleName(), null);
        } catch (IOException e) {
            // sent, but no answer (a timeout, a connection cut): the target may have acted
            return new ActionOutcome(ActionOutcome.Status.UNKNOWN, method + " " + url + " got no answer ("
                    + e.getClass().getSimpleName() + "); whether the target acted is not known", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionOutcome.failed(method + " " + url + " interrupted", null);
        }
    }

    /**
     * An HTTP target's state cannot be read back. When the playbook says the target honours the
     * Idempotency-Key header, a call cut by a crash is re-sent with the same key (the target does
     * it once); otherwise it is not repeated, and verification decides.
     */
    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        if (Boolean.TRUE.equals(request.spec().params().get("idempotentTarget"))) {
            return Optional.empty();
        }
        return Optional.of(new ActionOutcome(ActionOutcome.Status.UNKNOWN,
                "started but never finished (a crash mid-call); an HTTP target cannot be read back, so it is not "
                        + "called again; verification decides", null, null));
    }

    /** {@code http}: a request to the playbook's allow-listed URL, with the Idempotency-Key header. */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("http"),
                    "a request to the target URL (under http.allow), with an Idempotency-Key header",
                    List.of());
        }

        @Override
        public Map<String, PlaybookSchema.Key> keys() {
            return PlaybookSchema.keys(
                    Map.entry("method", PlaybookSchema.words("HTTP method (default POST)", "POST", "PUT", "GET")),
                    Map.entry("timeout", PlaybookSchema.key(PlaybookSchema.Type.DURATION, "request timeout (default 5s)")),
                    Map.entry("headers", PlaybookSchema.key(PlaybookSchema.Type.STRING_MAP, "plain headers (no secrets)")),
                    Map.entry("headerFiles", PlaybookSchema.key(PlaybookSchema.Type.STRING_MAP,
                            "headers read from files at call time (secrets)")),
                    Map.entry("body", PlaybookSchema.key(PlaybookSchema.Type.STRING, "JSON body template")),
                    Map.entry("expectStatus", PlaybookSchema.key(PlaybookSchema.Type.INTEGER,
                            "the 2xx status that means success (default any 2xx)")),
                    Map.entry("idempotentTarget", PlaybookSchema.key(PlaybookSchema.Type.BOOLEAN,
                            "the target de-duplicates by Idempotency-Key")));
        }

        /**
         * Headers (plain values, or secrets read from files at call time), a JSON body template, the
         * expected status, and whether the target may resolve to a private address: only when the
         * allowlist names an IP literal or the host is listed under http.allowPrivate.
         */
        @Override
        public Map<String, Object> parameters(JsonNode a, Context ctx) {
            Map<String, Object> params = new LinkedHashMap<>();
            String method = a.path("method").asText("POST").toUpperCase(Locale.ROOT);
            ctx.require("method", Set.of("POST", "PUT", "GET").contains(method), "must be POST, PUT or GET");
            params.put("method", method);
            params.put("timeout", ctx.duration(a, "timeout", "5s", Duration.ofMillis(100), Duration.ofSeconds(60)));
            Map<String, String> headers = new LinkedHashMap<>();
            a.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            Map<String, String> headerFiles = new LinkedHashMap<>();
            a.path("headerFiles").fields().forEachRemaining(e -> headerFiles.put(e.getKey(), e.getValue().asText()));
            for (String h : headers.keySet()) {
                ctx.require("headers." + h, !h.equalsIgnoreCase("authorization"),
                        "secrets belong in headerFiles (a file path), not in the playbooks file");
            }
            params.put("headers", Map.copyOf(headers));
            params.put("headerFiles", Map.copyOf(headerFiles));
            if (a.has("body")) {
                try {
                    QueryTemplate.parse(a.path("body").asText());
                    params.put("body", a.path("body").asText());
                } catch (IllegalArgumentException e) {
                    ctx.problem("body", e.getMessage());
                }
            }
            int expect = a.path("expectStatus").asInt(0);
            ctx.require("expectStatus", expect == 0 || (expect >= 200 && expect < 300),
                    "must be a 2xx status (redirects are never followed)");
            params.put("expectStatus", expect);
            // the target de-duplicates by the Idempotency-Key header: a call cut by a crash may be re-sent
            params.put("idempotentTarget", a.path("idempotentTarget").asBoolean(false));
            String host = "";
            Playbook.Target target = ctx.target();
            try {
                host = target == null || target.url() == null ? "" : String.valueOf(URI.create(target.url()).getHost());
            } catch (IllegalArgumentException e) {
                // reported for target.url
            }
            boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
            params.put("allowPrivate", literal || ctx.privateHosts().contains(host));
            return params;
        }
    }
}
