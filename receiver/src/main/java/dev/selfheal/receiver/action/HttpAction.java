package dev.selfheal.receiver.action;

import dev.selfheal.receiver.playbook.QueryTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The allow-listed HTTP action: one request to the playbook's target URL (checked against
 * {@code http.allow} when the playbook was loaded), no redirects followed, the resolved address
 * checked by {@link AddressGuard}, header secrets read from files at call time and never logged.
 * The target can de-duplicate by the {@code Idempotency-Key} header; selfheal itself never sends
 * the same key twice on purpose.
 */
public final class HttpAction implements RemediationAction {

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public String target(ActionRequest request) {
        return request.playbook().target().url();
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
}
