package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.WorkloadRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rollout-restart against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class RolloutRestartTest {

    static final WorkloadGuard OPEN = new WorkloadGuard(java.util.List.of(), java.util.List.of(), WorkloadGuard.NO_LABEL_REQUIRED);

    static KubernetesClient client;

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @BeforeEach
    void seed() {
        client.apps().deployments().inNamespace("shop").resource(deployment("cart")).createOr(r -> r.update());
    }

    private Map<String, String> templateAnnotations(String name) {
        Map<String, String> a = client.apps().deployments().inNamespace("shop").withName(name).get().getSpec()
                .getTemplate().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    @Test
    void restartsOncePerEpisode() {
        RolloutRestart first = new RolloutRestart(client, Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC), OPEN);
        WorkloadRef ref = new WorkloadRef("deployment", "shop", "cart");
        RolloutRestart.Result done = first.apply(ref, "episode-41");
        assertThat(done.succeeded()).isTrue();
        assertThat(done.changed()).isTrue();
        assertThat(templateAnnotations("cart")).containsEntry(RolloutRestart.EPISODE, "episode-41")
                .containsEntry(RolloutRestart.RESTARTED_AT, "2026-11-28T03:00:00Z");
        String version = client.apps().deployments().inNamespace("shop").withName("cart").get().getMetadata()
                .getResourceVersion();

        // the same episode again (a retry, a restart, a second replica): nothing is written
        RolloutRestart later = new RolloutRestart(client, Clock.fixed(Instant.parse("2026-11-28T03:05:00Z"), ZoneOffset.UTC), OPEN);
        RolloutRestart.Result again = later.apply(ref, "episode-41");
        assertThat(again.succeeded()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(templateAnnotations("cart")).containsEntry(RolloutRestart.RESTARTED_AT, "2026-11-28T03:00:00Z");
        assertThat(client.apps().deployments().inNamespace("shop").withName("cart").get().getMetadata()
                .getResourceVersion()).isEqualTo(version);
        assertThat(later.alreadyDone(ref, "episode-41")).isTrue();

        // another episode restarts again
        assertThat(later.apply(ref, "episode-42").changed()).isTrue();
        assertThat(templateAnnotations("cart")).containsEntry(RolloutRestart.RESTARTED_AT, "2026-11-28T03:05:00Z");
    }

    @Test
    void aMissingWorkloadFailsWithoutWriting() {
        RolloutRestart restart = new RolloutRestart(client, Clock.systemUTC(), OPEN);
        RolloutRestart.Result result = restart.apply(new WorkloadRef("deployment", "shop", "nope"), "episode-1");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.detail()).contains("not found");
        assertThat(client.apps().deployments().inNamespace("shop").withName("nope").get()).isNull();
    }

    @Test
    void statefulSetsToo() {
        client.apps().statefulSets().inNamespace("shop").resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").withNamespace("shop").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("db").withImage("db:1").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        RolloutRestart restart = new RolloutRestart(client, Clock.systemUTC(), OPEN);
        assertThat(restart.apply(new WorkloadRef("statefulset", "shop", "db"), "episode-7").changed()).isTrue();
        assertThat(client.apps().statefulSets().inNamespace("shop").withName("db").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry(RolloutRestart.EPISODE, "episode-7");
    }

    @Test
    void workloadIsFoundFromTheAlertsLabels() {
        var target = new dev.selfheal.receiver.playbook.Playbook.Target("deployment", "namespace", "deployment", null);
        assertThat(WorkloadRef.from(target, Map.of("namespace", "shop", "deployment", "cart")))
                .isEqualTo(new WorkloadRef("deployment", "shop", "cart"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkloadRef.from(target, Map.of("namespace", "shop")))
                .hasMessageContaining("no label 'deployment'");
    }
}
