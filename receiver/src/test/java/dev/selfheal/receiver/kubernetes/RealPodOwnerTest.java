package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.RealPipeline.WAIT;
import static dev.selfheal.receiver.kubernetes.RealPipeline.action;
import static dev.selfheal.receiver.kubernetes.RealPipeline.admin;
import static dev.selfheal.receiver.kubernetes.RealPipeline.alert;
import static dev.selfheal.receiver.kubernetes.RealPipeline.boundNamespace;
import static dev.selfheal.receiver.kubernetes.RealPipeline.decision;
import static dev.selfheal.receiver.kubernetes.RealPipeline.deployment;
import static dev.selfheal.receiver.kubernetes.RealPipeline.readyPods;
import static dev.selfheal.receiver.kubernetes.RealPipeline.replicaSets;
import static dev.selfheal.receiver.kubernetes.RealPipeline.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.pipeline.PipelineWorker;
import dev.selfheal.receiver.support.Passes;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pod-owner targets on the real API server, with the ownerReferences its controllers write: a
 * Deployment's pod (pod → ReplicaSet → Deployment), a StatefulSet's pod, and a pod with no
 * controller, which is paged (cause GUARD) with nothing run.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealPodOwnerTest {

    @Inject
    PipelineWorker worker;

    @Test
    void aDeploymentsPodRestartsTheDeploymentThroughItsReplicaSet() {
        String ns = boundNamespace("owner-deploy");
        deployment(ns, "api", 1, "api:1");
        String pod = readyPods(ns, "api", 1).get(0).getMetadata().getName();
        Map<String, Object> done = action(alert(Map.of("alertname", "RealOwner", "namespace", ns, "pod", pod)), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat(done.get("target")).isEqualTo("rollout-restart deployment/" + ns + "/api");
        await().atMost(WAIT).until(() -> replicaSets(ns).size() == 2);
    }

    @Test
    void aStatefulSetsPodRestartsTheStatefulSet() {
        String ns = boundNamespace("owner-sts");
        admin().apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec()
                .withServiceName("db").withReplicas(1).withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata().withNewSpec()
                .addNewContainer().withName("db").withImage("db:1").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        readyPods(ns, "db", 1);
        Map<String, Object> done = action(alert(Map.of("alertname", "RealOwner", "namespace", ns, "pod", "db-0")), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat(done.get("target")).isEqualTo("rollout-restart statefulset/" + ns + "/db");
        await().atMost(WAIT).until(() -> {
            var status = admin().apps().statefulSets().inNamespace(ns).withName("db").get().getStatus();
            return status.getUpdateRevision() != null && !status.getUpdateRevision().equals(status.getCurrentRevision());
        });
    }

    @Test
    void aPodWithoutAControllerIsPagedWithNothingRun() {
        String ns = boundNamespace("owner-bare");
        admin().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("lonely")
                .addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("app:1").endContainer().endSpec().build()).create();
        Object id = alert(Map.of("alertname", "RealOwner", "namespace", ns, "pod", "lonely"));
        Map<String, Object> decision = decision(id);
        assertThat(decision.get("status")).isEqualTo("PAGE_ONLY");
        assertThat((String) decision.get("reason")).contains("pod " + ns + "/lonely has no controller");
        Passes.awaitTwo(worker);
        assertThat(timeline(id, "action")).isEmpty();
    }
}
