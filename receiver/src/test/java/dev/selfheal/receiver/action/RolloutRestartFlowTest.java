package dev.selfheal.receiver.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Api.episode;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.kubernetes.RolloutRestart;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A confirmed alert on a Deployment: the receiver restarts it once through the Kubernetes API
 * (fabric8's mock server, CRUD mode), and a re-sent alert writes nothing more.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RolloutRestartFlowTest.Profile.class)
@QuarkusTestResource(value = RolloutRestartFlowTest.Setup.class, restrictToAnnotatedClass = true)
class RolloutRestartFlowTest {

    @jakarta.inject.Inject
    dev.selfheal.receiver.pipeline.PipelineWorker pipelineWorker;

    @KubernetesTestServer
    KubernetesServer kubernetes;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S");
        }
    }

    public static class Setup implements QuarkusTestResourceLifecycleManager {
        static WireMockServer scorer;

        @Override
        public Map<String, String> start() {
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5},\"results\":[{\"anomalous\":true,\"score\":0.97,\"model\":{\"id\":\"m-7\",\"version\":1,\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"the value is outside the LSTM forecast band\"}}]}")));
            try {
                Path playbooks = Files.createTempFile("playbooks", ".yml");
                Files.writeString(playbooks, """
                        playbooks:
                          - name: shop-restart
                            match: '{alertname="ShopErrors"}'
                            confirm:
                              query: 'rate(http_errors_total{namespace="{{ .namespace }}"}[5m])'
                            target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment}
                            actions: [{type: rollout-restart}]
                            mode: auto
                          - name: crashloop-owner
                            match: '{alertname="KubePodCrashLooping"}'
                            confirm:
                              query: 'kube_pod_container_status_restarts_total{pod="{{ .pod }}"}'
                            target: {kind: pod-owner, namespaceLabel: namespace, nameLabel: pod}
                            actions: [{type: rollout-restart}]
                            mode: auto
                            cooldown: 30m
                        """);
                return Map.of("selfheal.scorer.url", scorer.baseUrl(), "selfheal.playbooks", playbooks.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            scorer.stop();
        }
    }

    private static final String ALERT = """
            {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"ShopErrors\\"}",
             "alerts":[{"status":"firing","labels":{"alertname":"ShopErrors","namespace":"shop","deployment":"cart"},
             "annotations":{},"startsAt":"2026-11-28T03:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""";

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(Object id) {
        return timeline(id, "action");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> timeline(Object id, String kind) {
        return ((List<Map<String, Object>>) episode(id).get("timeline")).stream()
                .filter(t -> kind.equals(t.get("kind"))).toList();
    }

    private static String crashLooping(String pod) {
        return """
                {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"KubePodCrashLooping\\"}",
                 "alerts":[{"status":"firing","labels":{"alertname":"KubePodCrashLooping","namespace":"shop","pod":"%s"},
                 "annotations":{},"startsAt":"2026-11-28T03:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}"""
                .formatted(pod);
    }

    private static Object episodeOf(String pod) {
        List<Map<String, Object>> all = dev.selfheal.receiver.support.Api.authed().get("/api/v1/episodes?limit=1000")
                .then().extract().jsonPath().getList("episodes");
        return all.stream().filter(e -> pod.equals(((Map<?, ?>) e.get("labels")).get("pod"))).findFirst()
                .orElseThrow().get("id");
    }

    /**
     * kube-prometheus-stack's pod alerts name a pod: a pod-owner target restarts the Deployment
     * owning it (pod → ReplicaSet → Deployment, resolved and pinned at decision time), and the
     * cooldown counts the Deployment, so a second pod of it crash-looping restarts nothing more.
     */
    @Test
    void aPodAlertRestartsTheDeploymentOwningThePodAndItsCooldownCountsTheDeployment() {
        KubernetesClient k8s = kubernetes.getClient();
        Deployment api = k8s.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("api").withNamespace("shop").addToLabels("selfheal.dev/enabled", "true")
                .endMetadata().withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer()
                .withName("api").withImage("api:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        ReplicaSet rs = k8s.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("api-7d9").withNamespace("shop").addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("Deployment").withName("api").withUid(api.getMetadata().getUid()).withController(true)
                .endOwnerReference().endMetadata().build()).create();
        for (String pod : List.of("api-7d9-abc", "api-7d9-def")) {
            k8s.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace("shop")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("api-7d9")
                    .withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata().build())
                    .create();
        }

        postWebhook(crashLooping("api-7d9-abc")).then().statusCode(200);
        Object first = episodeOf("api-7d9-abc");
        await().atMost(Duration.ofSeconds(20)).until(() -> !actions(first).isEmpty()
                && "SUCCEEDED".equals(actions(first).get(0).get("status")));
        assertThat((String) actions(first).get(0).get("target")).isEqualTo("rollout-restart deployment/shop/api");
        assertThat(k8s.apps().deployments().inNamespace("shop").withName("api").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry(RolloutRestart.EPISODE,
                "episode-" + first + "-crashloop-owner-0");

        postWebhook(crashLooping("api-7d9-def")).then().statusCode(200);
        Object second = episodeOf("api-7d9-def");
        await().atMost(Duration.ofSeconds(20)).until(() -> !timeline(second, "decision").isEmpty());
        Map<String, Object> decision = timeline(second, "decision").get(0);
        assertThat(decision.get("status")).isEqualTo("SUPPRESSED");
        assertThat((String) decision.get("reason")).contains("cooldown");
        dev.selfheal.receiver.support.Passes.awaitTwo(pipelineWorker);
        assertThat(actions(second)).isEmpty();
    }

    @Test
    void aConfirmedAlertRestartsTheDeploymentOnce() {
        kubernetes.getClient().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("cart").withNamespace("shop").addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec().withReplicas(2)
                .withNewTemplate().withNewSpec().addNewContainer().withName("cart").withImage("cart:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();

        postWebhook(ALERT).then().statusCode(200).body("recorded", org.hamcrest.Matchers.equalTo(1));
        List<Map<String, Object>> all = dev.selfheal.receiver.support.Api.authed().get("/api/v1/episodes?limit=1000")
                .then().extract().jsonPath().getList("episodes");
        Object id = all.stream().filter(e -> "ShopErrors".equals(e.get("alertname"))).findFirst().orElseThrow().get("id");

        await().atMost(Duration.ofSeconds(20)).until(() -> !actions(id).isEmpty()
                && "SUCCEEDED".equals(actions(id).get(0).get("status")));
        Map<String, String> annotations = kubernetes.getClient().apps().deployments().inNamespace("shop")
                .withName("cart").get().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(RolloutRestart.EPISODE, "episode-" + id + "-shop-restart-0")
                .containsKey(RolloutRestart.RESTARTED_AT);
        assertThat((String) actions(id).get(0).get("target")).isEqualTo("rollout-restart deployment/shop/cart");
        String version = kubernetes.getClient().apps().deployments().inNamespace("shop").withName("cart").get()
                .getMetadata().getResourceVersion();

        postWebhook(ALERT).then().statusCode(200).body("duplicates", org.hamcrest.Matchers.equalTo(1));
        dev.selfheal.receiver.support.Passes.awaitTwo(pipelineWorker); // every due item looked at twice
        assertThat(actions(id)).hasSize(1);
        assertThat(kubernetes.getClient().apps().deployments().inNamespace("shop").withName("cart").get()
                .getMetadata().getResourceVersion()).isEqualTo(version);
    }
}
