package dev.selfheal.receiver.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import dev.selfheal.receiver.playbook.PlaybookValidationException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP action: allowlist, SSRF refusals, no redirects, secrets from files, escaped body templates. */
class HttpActionTest {

    static WireMockServer target;

    @BeforeAll
    static void start() {
        target = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        target.start();
    }

    @AfterAll
    static void stop() {
        target.stop();
    }

    static Playbook load(String yaml) throws Exception {
        Path file = Files.createTempFile("playbooks", ".yml");
        Files.writeString(file, yaml);
        return PlaybookLoader.load(file).get(0);
    }

    static String playbook(String allow, String allowPrivate, String url, String action) {
        return """
                http:
                  allow: [%s]
                  allowPrivate: [%s]
                playbooks:
                  - name: p
                    match: '{alertname="X"}'
                    confirm: {query: 'up{job="{{ .job }}"}'}
                    target: {kind: http, url: '%s'}
                    actions: [%s]
                """.formatted(allow, allowPrivate, url, action);
    }

    static ActionRequest request(Playbook p, Map<String, String> labels) {
        return new ActionRequest(7, "episode-7-p-0", p, 0, labels, Map.of());
    }

    @Test
    void loopbackLinkLocalAndPrivateAddressesAreRefusedUnlessAllowed() {
        assertThat(AddressGuard.check(URI.create("http://127.0.0.1:9/x"), false)).get().asString().contains("loopback");
        assertThat(AddressGuard.check(URI.create("http://localhost:9/x"), false)).isPresent();
        assertThat(AddressGuard.check(URI.create("http://10.1.2.3/x"), false)).isPresent();
        assertThat(AddressGuard.check(URI.create("http://[::1]/x"), false)).isPresent();
        assertThat(AddressGuard.check(URI.create("http://169.254.169.254/latest/meta-data"), false)).get().asString()
                .contains("link-local");
        assertThat(AddressGuard.check(URI.create("http://127.0.0.1:9/x"), true)).isEmpty();
        assertThat(AddressGuard.check(URI.create("http://93.184.216.34/x"), false)).isEmpty();
    }

    @Test
    void aPrivateTargetNamedOnlyByHostIsRefusedAtCallTime() throws Exception {
        String base = "http://localhost:" + target.port();
        Playbook p = load(playbook(base + "/admin/", "", base + "/admin/private", "{type: http}"));
        ActionOutcome refused = new HttpAction().apply(request(p, Map.of("job", "a")));
        assertThat(refused.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        target.verify(0, postRequestedFor(urlEqualTo("/admin/private")));
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        target.stubFor(post(urlEqualTo("/admin/redirect")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam")));
        String base = "http://127.0.0.1:" + target.port();
        Playbook p = load(playbook(base + "/admin/", "", base + "/admin/redirect", "{type: http}"));
        ActionOutcome outcome = new HttpAction().apply(request(p, Map.of("job", "a")));
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("answered 302", "redirects are not followed");
        target.verify(1, postRequestedFor(urlEqualTo("/admin/redirect")));
        target.verify(0, postRequestedFor(urlEqualTo("/latest/meta-data/iam")));
    }

    @Test
    void headerSecretsComeFromFilesAndBodyLabelsAreEscaped() throws Exception {
        target.stubFor(post(urlEqualTo("/admin/restart")).willReturn(aResponse().withStatus(204)));
        Path secret = Files.createTempFile("token", ".txt");
        Files.writeString(secret, "s3cr3t-bearer\n");
        String base = "http://127.0.0.1:" + target.port();
        Playbook p = load(playbook(base + "/admin/", "", base + "/admin/restart", """
                {type: http, method: POST, expectStatus: 204, headerFiles: {Authorization: '%s'},
                 headers: {X-Team: sre}, body: '{"job": "{{ .job }}", "why": "selfheal"}'}""".formatted(secret)));
        String hostile = "a\"} or vector(1) #\n\\";
        ActionOutcome outcome = new HttpAction().apply(request(p, Map.of("job", hostile)));
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(outcome.detail()).doesNotContain("s3cr3t");
        target.verify(postRequestedFor(urlEqualTo("/admin/restart"))
                .withHeader("Authorization", equalTo("s3cr3t-bearer"))
                .withHeader("X-Team", equalTo("sre"))
                .withHeader("Idempotency-Key", equalTo("episode-7-p-0")));
        String body = target.findAll(postRequestedFor(urlEqualTo("/admin/restart"))).get(0).getBodyAsString();
        assertThat(new ObjectMapper().readTree(body).path("job").asText()).isEqualTo(hostile);
        assertThat(new ObjectMapper().readTree(body).size()).isEqualTo(2);
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIsUnknownAndAnIdempotentOneIsCalledOnceMoreWithTheSameKey() throws Exception {
        String base = "http://127.0.0.1:" + target.port();
        target.stubFor(post(urlEqualTo("/admin/slow")).willReturn(aResponse().withStatus(202).withFixedDelay(1500)));
        Playbook plain = load(playbook(base + "/admin/", "", base + "/admin/slow", "{type: http, timeout: 300ms}"));
        HttpAction action = new HttpAction();
        ActionRequest once = request(plain, Map.of("job", "a"));
        ActionOutcome unknown = UncertainWrites.settle(action, once, action.apply(once));
        assertThat(unknown.status()).isEqualTo(ActionOutcome.Status.UNKNOWN);
        assertThat(unknown.detail()).contains("got no answer");
        target.verify(1, postRequestedFor(urlEqualTo("/admin/slow"))); // not idempotent: never sent again

        target.resetRequests();
        target.stubFor(post(urlEqualTo("/admin/idem")).inScenario("slow once").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(202).withFixedDelay(1500)).willSetStateTo("fast"));
        target.stubFor(post(urlEqualTo("/admin/idem")).inScenario("slow once").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(202)));
        Playbook idem = load(playbook(base + "/admin/", "", base + "/admin/idem",
                "{type: http, timeout: 300ms, idempotentTarget: true}"));
        ActionRequest twice = request(idem, Map.of("job", "a"));
        ActionOutcome settled = UncertainWrites.settle(action, twice, action.apply(twice));
        assertThat(settled.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(settled.detail()).contains("got no answer").contains("applied again");
        target.verify(2, postRequestedFor(urlEqualTo("/admin/idem")).withHeader("Idempotency-Key",
                equalTo("episode-7-p-0")));
    }

    @Test
    void aRefusedConnectionIsAFailureNothingReachedTheTarget() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closed;
        Playbook p = load(playbook(base + "/admin/", "", base + "/admin/restart", "{type: http}"));
        ActionOutcome outcome = new HttpAction().apply(request(p, Map.of("job", "a")));
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("ConnectException");
    }

    @Test
    void anUnexpectedStatusFails() throws Exception {
        target.stubFor(post(urlEqualTo("/admin/wrong")).willReturn(aResponse().withStatus(200)));
        String base = "http://127.0.0.1:" + target.port();
        Playbook p = load(playbook(base + "/admin/", "", base + "/admin/wrong", "{type: http, expectStatus: 202}"));
        ActionOutcome outcome = new HttpAction().apply(request(p, Map.of("job", "a")));
        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("expected 202");
    }

    @Test
    void theLoaderRefusesUrlsOffTheAllowlistAndSecretsInline() {
        assertThatThrownBy(() -> load(playbook("http://127.0.0.1:1/admin/", "", "http://169.254.169.254/latest",
                "{type: http}"))).isInstanceOf(PlaybookValidationException.class).hasMessageContaining("not under any prefix");
        assertThatThrownBy(() -> load(playbook("http://127.0.0.1:1/admin/", "", "http://127.0.0.1:1/admin/x",
                "{type: http, headers: {Authorization: 'Bearer abc'}}"))).isInstanceOf(PlaybookValidationException.class)
                .hasMessageContaining("headerFiles");
        assertThat(List.of()).isEmpty();
    }
}
