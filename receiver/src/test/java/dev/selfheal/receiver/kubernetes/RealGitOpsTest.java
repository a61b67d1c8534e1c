package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.RealPipeline.action;
import static dev.selfheal.receiver.kubernetes.RealPipeline.admin;
import static dev.selfheal.receiver.kubernetes.RealPipeline.alert;
import static dev.selfheal.receiver.kubernetes.RealPipeline.boundNamespace;
import static dev.selfheal.receiver.kubernetes.RealPipeline.decision;
import static dev.selfheal.receiver.kubernetes.RealPipeline.deployment;
import static dev.selfheal.receiver.kubernetes.RealPipeline.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.pipeline.PipelineWorker;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.Passes;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Objects Argo CD or Flux manage, marked as they mark them, on the real API server: a scale (the
 * next sync would undo it) waits for approval even in auto mode, and runs once approved, or is paged under
 * {@code gitops: refuse}; a restart goes ahead; the decision names the tool. A Helm release's
 * {@code app.kubernetes.io/instance} label alone is no GitOps tool.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealGitOpsTest {

    @Inject
    PipelineWorker worker;

    /** As the tool marks it (a merge patch: the deployment controller writes the status meanwhile). */
    private static void mark(String ns, String name, Map<String, String> annotations, Map<String, String> labels) {
        admin().apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations, "labels", labels))));
    }

    @Test
    void anArgoCdManagedDeploymentsScaleWaitsForApprovalEvenInAutoMode() {
        String ns = boundNamespace("gitops-argo");
        deployment(ns, "cart", 1, "cart:1");
        mark(ns, "cart", Map.of(GitOps.ARGO_CD, "shop:apps/Deployment:" + ns + "/cart"), Map.of());
        Object id = alert(Map.of("alertname", "RealScale", "namespace", ns, "deployment", "cart"));
        Map<String, Object> decision = decision(id);
        assertThat(decision.get("status")).isEqualTo("AWAIT_APPROVAL");
        assertThat((String) decision.get("reason")).contains("deployment/" + ns + "/cart is managed by Argo CD ("
                + GitOps.ARGO_CD + "=shop:apps/Deployment:" + ns + "/cart)", "gitops: approve");
        Passes.awaitTwo(worker);
        assertThat(timeline(id, "action")).isEmpty();
        assertThat(admin().apps().deployments().inNamespace(ns).withName("cart").get().getSpec().getReplicas()).isEqualTo(1);

        // an operator approves: the chain goes on from there
        long remediation = ((Number) timeline(id, "remediation").get(0).get("id")).longValue();
        Api.operator().post("/api/v1/actions/" + remediation + "/approve").then().statusCode(200);
        assertThat(action(id, 0).get("status")).isEqualTo("SUCCEEDED");
        assertThat(admin().apps().deployments().inNamespace(ns).withName("cart").get().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void underGitopsRefuseAFluxManagedDeploymentIsPaged() {
        String ns = boundNamespace("gitops-flux");
        deployment(ns, "api", 1, "api:1");
        mark(ns, "api", Map.of(), Map.of(GitOps.FLUX_KUSTOMIZE, "apps"));
        Object id = alert(Map.of("alertname", "RealScaleRefuse", "namespace", ns, "deployment", "api"));
        Map<String, Object> decision = decision(id);
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("is managed by Flux (" + GitOps.FLUX_KUSTOMIZE + "=apps)",
                "gitops: refuse");
    }

    @Test
    void aRestartOfAFluxHelmReleaseGoesAheadAndAPlainHelmReleaseIsNoGitOps() {
        String ns = boundNamespace("gitops-allow");
        deployment(ns, "web", 1, "web:1");
        mark(ns, "web", Map.of(), Map.of(GitOps.FLUX_HELM, "web"));
        Object restart = alert(Map.of("alertname", "RealRestart", "namespace", ns, "deployment", "web"));
        assertThat((String) decision(restart).get("reason")).contains("is managed by Flux", "gitops: allow");
        assertThat(action(restart, 0).get("status")).isEqualTo("SUCCEEDED");

        deployment(ns, "helm", 1, "helm:1");
        mark(ns, "helm", Map.of(), Map.of("app.kubernetes.io/instance", "helm", "app.kubernetes.io/managed-by", "Helm"));
        Object scale = alert(Map.of("alertname", "RealScale", "namespace", ns, "deployment", "helm"));
        assertThat(decision(scale).get("status")).isEqualTo("REMEDIATE");
        assertThat(action(scale, 0).get("status")).isEqualTo("SUCCEEDED");
    }
}
