package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionOutcome;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The versions a current cluster serves (autoscaling/v2, policy/v1), through fabric8's mock
 * answering discovery as a 1.30 API server does: the actions use exactly those, and discovery is
 * asked once. Kubernetes 1.20's older versions are tested on the real API server
 * ({@link RealApiVersionsTest}).
 */
@EnableKubernetesMockClient
class ApiVersionsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static void currentCluster() {
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder().withGroups(
                group("apps", "v1"), group("autoscaling", "v2", "v1"), group("policy", "v1"),
                group("authorization.k8s.io", "v1")).build()).once();
    }

    static io.fabric8.kubernetes.api.model.APIGroup group(String name, String... versions) {
        return new APIGroupBuilder().withName(name).withVersions(List.of(versions).stream().map(v ->
                new GroupVersionForDiscoveryBuilder().withVersion(v).withGroupVersion(name + "/" + v).build()).toList())
                .build();
    }

    @Test
    void aCurrentClusterGetsAutoscalingV2AndPolicyV1AskedOnce() {
        currentCluster();
        int before = server.getRequestCount();
        ApiVersions versions = new ApiVersions(client);
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2");
        assertThat(versions.evictionV1()).isTrue();
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2"); // the mock answers /apis once
        assertThat(server.getRequestCount() - before).isEqualTo(1);
    }

    @Test
    void anOlderClusterGetsTheNewestVersionItServes() {
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder().withGroups(
                group("autoscaling", "v1", "v2beta1", "v2beta2"), group("policy", "v1beta1")).build()).once();
        ApiVersions versions = new ApiVersions(client);
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2beta2");
        assertThat(versions.evictionV1()).isFalse();
    }

    /** A server that does not answer discovery is taken as current, and asked again next time. */
    @Test
    void withoutAnAnswerTheCurrentVersionsAndTheServerIsAskedAgain() {
        server.expect().get().withPath("/apis").andReturn(403, new StatusBuilder().withCode(403).build()).once();
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder().withGroups(
                group("autoscaling", "v1", "v2beta2"), group("policy", "v1beta1")).build()).once();
        ApiVersions versions = new ApiVersions(client);
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2");
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2beta2");
        assertThat(versions.evictionV1()).isFalse();
    }

    @Test
    void scaleRaisesTheMinimumOfAnAutoscalingV2HpaAndEvictionPostsPolicyV1() throws InterruptedException {
        currentCluster();
        ApiVersions versions = new ApiVersions(client);
        String deployments = "/apis/apps/v1/namespaces/shop/deployments/api";
        server.expect().get().withPath(deployments).andReturn(200, new DeploymentBuilder().withNewMetadata()
                .withName("api").withNamespace("shop").addToLabels("selfheal.dev/enabled", "true").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build()).always();
        var hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("api-hpa").withNamespace("shop")
                .endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(6).withNewScaleTargetRef()
                .withApiVersion("apps/v1").withKind("Deployment").withName("api").endScaleTargetRef().endSpec().build();
        String hpas = "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers";
        server.expect().get().withPath(hpas).andReturn(200, new HorizontalPodAutoscalerListBuilder().withItems(hpa)
                .build()).always();
        server.expect().get().withPath(hpas + "/api-hpa").andReturn(200, hpa).always();
        server.expect().patch().withPath(hpas + "/api-hpa").andReturn(200, hpa).once();

        ActionOutcome raised = new Scale(client, KubernetesActionsTest.GUARD, versions).apply(KubernetesActionsTest
                .request("scale-to", "episode-5", KubernetesActionsTest.on("shop", "api"), Map.of()));
        assertThat(raised.status()).as(raised.detail()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(server.getLastRequest().getPath()).isEqualTo(hpas + "/api-hpa");
        assertThat(server.getLastRequest().getBody().readUtf8()).contains("{\"op\":\"replace\",\"path\":\"/spec/minReplicas\",\"value\":5}");

        String pod = "/api/v1/namespaces/shop/pods/cart-abc";
        server.expect().get().withPath(pod).andReturn(200, EvictPodTest.pod()).once();
        server.expect().post().withPath(pod + "/eviction").andReturn(201, new StatusBuilder().withStatus("Success")
                .build()).once();
        ActionOutcome evicted = new EvictPod(client, KubernetesActionsTest.GUARD, versions).apply(KubernetesActionsTest
                .request("evict", "episode-4", EvictPodTest.LABELS, Map.of()));
        assertThat(evicted.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(server.getLastRequest().getBody().readUtf8()).contains("\"apiVersion\":\"policy/v1\"",
                "\"kind\":\"Eviction\"");
    }
}
