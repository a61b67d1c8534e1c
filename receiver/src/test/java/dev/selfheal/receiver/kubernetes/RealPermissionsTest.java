package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.RealPipeline.CLUSTER;
import static dev.selfheal.receiver.kubernetes.RealPipeline.action;
import static dev.selfheal.receiver.kubernetes.RealPipeline.admin;
import static dev.selfheal.receiver.kubernetes.RealPipeline.alert;
import static dev.selfheal.receiver.kubernetes.RealPipeline.boundNamespace;
import static dev.selfheal.receiver.kubernetes.RealPipeline.decision;
import static dev.selfheal.receiver.kubernetes.RealPipeline.deployment;
import static dev.selfheal.receiver.kubernetes.RealPipeline.readyPods;
import static dev.selfheal.receiver.kubernetes.RealPipeline.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.pipeline.PipelineWorker;
import dev.selfheal.receiver.support.Passes;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The receiver with exactly the chart's grants on the real API server (RBAC on, its
 * ServiceAccount's token): where the chart binds it, it acts; where it does not, the decision pages
 * (cause GUARD) naming the API's 403, before anything runs; shadow mode's SelfSubjectAccessReview
 * answers allowed: false for a verb it lacks. The opt-in label and the namespace allow and deny
 * lists hold on real objects.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealPermissionsTest {

    @Inject
    PipelineWorker worker;

    @Test
    void withoutTheChartsRoleBindingAnAutoActionIsPagedNamingThe403AndNothingRuns() {
        String ns = CLUSTER.namespace("unbound");
        deployment(ns, "cart", 1, "cart:1");
        Object id = alert(Map.of("alertname", "RealRestart", "namespace", ns, "deployment", "cart"));
        Map<String, Object> decision = decision(id);
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("deployment/" + ns + "/cart: the Kubernetes API answered 403",
                "rbac.namespaces");
        Passes.awaitTwo(worker);
        assertThat(timeline(id, "action")).isEmpty();
        // its spec never changed (the controller writes its status meanwhile)
        assertThat(admin().apps().deployments().inNamespace(ns).withName("cart").get().getMetadata()
                .getGeneration()).isEqualTo(1L);
    }

    @Test
    void aPodOwnerTargetWithoutTheRoleBindingIsPagedNamingThe403() {
        String ns = CLUSTER.namespace("unbound-pod");
        deployment(ns, "api", 1, "api:1");
        String pod = readyPods(ns, "api", 1).get(0).getMetadata().getName();
        Map<String, Object> decision = decision(alert(Map.of("alertname", "RealOwner", "namespace", ns, "pod", pod)));
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("pod " + ns + "/" + pod + ": the Kubernetes API answered 403");
    }

    /** Someone granted it read access only: the access review, on real RBAC, says it may not patch. */
    @Test
    void shadowModeAsksTheAccessReviewWhichAnswersNotAllowedForAVerbTheReceiverLacks() {
        String ns = CLUSTER.namespace("read-only");
        deployment(ns, "web", 1, "web:1");
        admin().rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("read")
                .endMetadata().addNewRule().withApiGroups("apps").withResources("deployments").withVerbs("get")
                .endRule().build()).create();
        admin().rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("read").endMetadata().addNewSubject().withKind("ServiceAccount")
                .withName(ReceiverGrants.ACCOUNT).withNamespace(ReceiverGrants.NAMESPACE).endSubject().withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("read").endRoleRef().build())
                .create();
        Map<String, Object> decision = decision(alert(Map.of("alertname", "RealShadow", "namespace", ns,
                "deployment", "web")));
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("may not patch apps/deployments in namespace " + ns);

        String bound = boundNamespace("shadow");
        deployment(bound, "web", 1, "web:1");
        Map<String, Object> would = decision(alert(Map.of("alertname", "RealShadow", "namespace", bound,
                "deployment", "web")));
        assertThat(would.get("status")).isEqualTo("SHADOW");
        assertThat((String) would.get("reason")).contains("would run rollout-restart on deployment/" + bound + "/web");
    }

    /** The allow list (selfheal.safety.allow-namespaces) on a real object, with the receiver's own grants. */
    @Test
    void aNamespaceOutsideTheAllowListIsRefusedEvenWhereTheReceiverIsBound() {
        String ns = boundNamespace("not-allowed");
        deployment(ns, "svc", 1, "svc:1");
        try (KubernetesClient receiver = CLUSTER.as(CLUSTER.serviceAccountToken(ReceiverGrants.NAMESPACE,
                ReceiverGrants.ACCOUNT))) {
            WorkloadGuard onlyShop = new WorkloadGuard(List.of("shop"), List.of("kube-system"), "selfheal.dev/enabled=true");
            ActionOutcome outside = new RolloutRestart(receiver, Clock.systemUTC(), onlyShop).apply(
                    KubernetesActionsTest.request("restart", "episode-1", KubernetesActionsTest.on(ns, "svc"), Map.of()));
            assertThat(outside.status()).isEqualTo(ActionOutcome.Status.REFUSED);
            assertThat(outside.detail()).contains("not in selfheal.safety.allow-namespaces");
        }
        assertThat(admin().apps().deployments().inNamespace(ns).withName("svc").get().getMetadata().getGeneration())
                .isEqualTo(1L);
    }

    @Test
    void aWorkloadWithoutTheOptInLabelOrInADeniedNamespaceIsRefusedEvenWhereTheReceiverIsBound() {
        String ns = boundNamespace("no-label");
        admin().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("legacy").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .addToMatchLabels("app", "legacy").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "legacy").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("legacy:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        Map<String, Object> unlabelled = action(alert(Map.of("alertname", "RealRestart", "namespace", ns,
                "deployment", "legacy")), 0);
        assertThat(unlabelled.get("status")).isEqualTo("REFUSED");
        assertThat((String) unlabelled.get("reason")).contains("does not carry the label selfheal.dev/enabled=true");

        ReceiverGrants.bind(CLUSTER, "kube-system");
        deployment("kube-system", "coredns-test", 1, "coredns:1");
        Map<String, Object> denied = action(alert(Map.of("alertname", "RealRestart", "namespace", "kube-system",
                "deployment", "coredns-test")), 0);
        assertThat(denied.get("status")).isEqualTo("REFUSED");
        assertThat((String) denied.get("reason")).contains("kube-system is denied");
    }
}
