package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.RealPipeline.WAIT;
import static dev.selfheal.receiver.kubernetes.RealPipeline.action;
import static dev.selfheal.receiver.kubernetes.RealPipeline.admin;
import static dev.selfheal.receiver.kubernetes.RealPipeline.alert;
import static dev.selfheal.receiver.kubernetes.RealPipeline.boundNamespace;
import static dev.selfheal.receiver.kubernetes.RealPipeline.deployment;
import static dev.selfheal.receiver.kubernetes.RealPipeline.replicaSets;
import static dev.selfheal.receiver.kubernetes.RealPipeline.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * rollout-restart and rollback through the whole pipeline (webhook, decision, action) on the real
 * API server, as the chart's ServiceAccount: the deployment controller makes the new ReplicaSet and
 * revision, and a rollback leaves the Deployment as {@code kubectl rollout undo} would.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealRolloutTest {

    @Test
    void aRestartMakesANewReplicaSetAndRevisionTwo() {
        String ns = boundNamespace("restart");
        deployment(ns, "cart", 1, "cart:1");
        await().atMost(WAIT).until(() -> revision(ns, "cart").equals(Optional.of("1")));

        Object id = alert(Map.of("alertname", "RealRestart", "namespace", ns, "deployment", "cart"));
        Map<String, Object> done = action(id, 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat(done.get("target")).isEqualTo("rollout-restart deployment/" + ns + "/cart");
        await().atMost(WAIT).until(() -> revision(ns, "cart").equals(Optional.of("2")) && replicaSets(ns).size() == 2);
        assertThat(admin().apps().deployments().inNamespace(ns).withName("cart").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry(RolloutRestart.EPISODE, "episode-" + id + "-real-restart-0");
    }

    @Test
    void aRollbackBringsThePreviousRevisionsTemplateBackAsRolloutUndoDoes() {
        String ns = boundNamespace("rollback");
        deployment(ns, "web", 1, "web:1");
        await().atMost(WAIT).until(() -> revision(ns, "web").equals(Optional.of("1")));
        admin().apps().deployments().inNamespace(ns).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("web:2");
            return d;
        });
        await().atMost(WAIT).until(() -> revision(ns, "web").equals(Optional.of("2")) && replicaSets(ns).size() == 2);

        Object id = alert(Map.of("alertname", "RealRollback", "namespace", ns, "deployment", "web"));
        Map<String, Object> done = action(id, 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat((String) done.get("after")).contains("web:1");
        // as after kubectl rollout undo: revision 1's ReplicaSet is taken again and becomes revision 3
        await().atMost(WAIT).until(() -> revision(ns, "web").equals(Optional.of("3")));
        Deployment web = admin().apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
        assertThat(replicaSets(ns)).hasSize(2).anySatisfy(rs -> {
            assertThat(rs.getMetadata().getAnnotations()).containsEntry(Rollback.REVISION, "3");
            assertThat(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
        });
    }
}
