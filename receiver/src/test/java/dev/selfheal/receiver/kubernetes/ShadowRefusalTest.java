package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.support.TestPlaybooks;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a shadow decision asks before it says "would run": the guards auto mode's action runs
 * (namespace, the workload exists and opted in) and a SelfSubjectAccessReview per permission the
 * action declares, on the mock API server. Nothing is written.
 */
@EnableKubernetesMockClient
class ShadowRefusalTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static Playbook playbook;

    @BeforeAll
    static void load() {
        String yaml = """
                playbooks:
                  - name: restart-web
                    match: '{alertname="HighErrorRate"}'
                    confirm: {query: 'up{deployment="{{ .deployment }}"}'}
                    target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment}
                    actions: [{type: rollout-restart}]
                    mode: shadow
                """;
        playbook = TestPlaybooks.load(yaml).get(0);
    }

    private static ActionRequest request(String namespace, String name) {
        return new ActionRequest(3, "shadow-3", playbook, 0, Map.of("alertname", "HighErrorRate", "namespace",
                namespace, "deployment", name), Map.of());
    }

    private static RolloutRestart action() {
        return new RolloutRestart(client, Clock.systemUTC(), KubernetesActionsTest.GUARD);
    }

    private static Deployment deployment(String namespace, String name, boolean optedIn) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata();
        if (optedIn) {
            b.editMetadata().addToLabels("selfheal.dev/enabled", "true").endMetadata();
        }
        return b.build();
    }

    private static SelfSubjectAccessReview review(boolean allowed, String reason) {
        return new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed).withReason(reason)
                .endStatus().build();
    }

    private static void accessReviews(SelfSubjectAccessReview... answers) {
        for (SelfSubjectAccessReview answer : answers) {
            server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, answer).once();
        }
    }

    @Test
    void anOptedInWorkloadTheServiceAccountMayPatchWouldRun() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/web")
                .andReturn(200, deployment("shop", "web", true)).once();
        accessReviews(review(true, null), review(true, null)); // deployments get and patch: the only two it needs
        assertThat(action().refusal(request("shop", "web"))).isEmpty();
    }

    @Test
    void aMissingPermissionIsARefusalThatNamesIt() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/api")
                .andReturn(200, deployment("shop", "api", true)).once();
        accessReviews(review(true, null), review(false, "no RoleBinding in namespace shop"));
        assertThat(action().refusal(request("shop", "api"))).hasValueSatisfying(r -> assertThat(r)
                .contains("may not patch apps/deployments in namespace shop (no RoleBinding in namespace shop)"));
    }

    @Test
    void aWorkloadWithoutTheOptInLabelOrInADeniedNamespaceOrMissingIsRefused() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/legacy")
                .andReturn(200, deployment("shop", "legacy", false)).once();
        assertThat(action().refusal(request("shop", "legacy"))).hasValueSatisfying(r -> assertThat(r)
                .contains("selfheal.dev/enabled=true"));
        assertThat(action().refusal(request("kube-system", "coredns"))).hasValueSatisfying(r -> assertThat(r)
                .contains("kube-system is denied"));
        assertThat(action().refusal(request("shop", "gone"))).hasValueSatisfying(r -> assertThat(r)
                .contains("not found"));
    }
}
