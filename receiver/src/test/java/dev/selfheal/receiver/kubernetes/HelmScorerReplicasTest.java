package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.HelmChartTest.objects;
import static dev.selfheal.receiver.kubernetes.HelmChartTest.ofKind;
import static dev.selfheal.receiver.kubernetes.HelmChartTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chart's scorer: one replica on its volume with the embedded store; with PostgreSQL two or
 * more sharing the receivers' database, found by the receivers through a headless Service, kept
 * available through drains by a disruption budget. A replica count that does not fit the store is
 * refused when rendering, with a message saying why.
 */
class HelmScorerReplicasTest {

    static final Map<String, Object> POSTGRES = Map.of("receiver.postgres.enabled", true);

    @Test
    void onTheEmbeddedStoreTheScorerIsOneRecreatedReplicaOnItsVolumeAtOneUrl() throws IOException {
        List<HasMetadata> objects = objects(render(Map.of()));
        Deployment scorer = deployment(objects, "selfheal-scorer");
        assertThat(scorer.getSpec().getReplicas()).isEqualTo(1);
        assertThat(scorer.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(scorer.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("models"))
                .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("selfheal-scorer-models"));
        assertThat(env(scorer)).extracting(EnvVar::getName).doesNotContain("SELFHEAL_SCORER_STORE_JDBC_URL",
                "SELFHEAL_SCORER_REPLICA", "SELFHEAL_SCORER_MEMORY_BUDGET");
        assertThat(value(deployment(objects, "selfheal-receiver"), "SELFHEAL_SCORER_URL"))
                .contains("http://selfheal-scorer:8081");
        assertThat(value(deployment(objects, "selfheal-receiver"), "SELFHEAL_SCORER_DNS")).isEmpty();
        assertThat(ofKind(objects, Service.class)).noneMatch(s -> "None".equals(s.getSpec().getClusterIP()));
        assertThat(Serialization.asYaml(scorerBudget(objects).getSpec())).contains("maxUnavailable: 1")
                .doesNotContain("minAvailable");
    }

    @Test
    void withPostgresqlTwoReplicasShareTheReceiversDatabaseBehindAHeadlessService() throws IOException {
        List<HasMetadata> objects = objects(render(POSTGRES));
        Deployment scorer = deployment(objects, "selfheal-scorer");
        Deployment receiver = deployment(objects, "selfheal-receiver");
        assertThat(scorer.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scorer.getSpec().getStrategy()).as("rolling: no volume to share").isNull();
        assertThat(objects).noneMatch(o -> o.getKind().equals("PersistentVolumeClaim"));
        assertThat(scorer.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("models"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());

        // the same PostgreSQL, user and password Secret as the receivers
        assertThat(value(scorer, "SELFHEAL_SCORER_STORE_JDBC_URL")).isEqualTo(value(receiver, "QUARKUS_DATASOURCE_JDBC_URL"))
                .contains("jdbc:postgresql://postgres:5432/selfheal");
        assertThat(value(scorer, "SELFHEAL_SCORER_STORE_USERNAME")).isEqualTo(value(receiver, "QUARKUS_DATASOURCE_USERNAME"));
        EnvVar password = env(scorer, "SELFHEAL_SCORER_STORE_PASSWORD");
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef())
                .isEqualTo(env(receiver, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef());
        assertThat(env(scorer, "SELFHEAL_SCORER_REPLICA").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");

        // the receivers resolve the headless Service: ready scorer pods only, on the scorer's port
        Service headless = ofKind(objects, Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
                .findFirst().orElseThrow();
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isFalse();
        assertThat(scorer.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(headless.getSpec().getSelector());
        ServicePort port = headless.getSpec().getPorts().get(0);
        Container container = scorer.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(port.getTargetPort().getStrVal());
            assertThat(value(scorer, "QUARKUS_HTTP_PORT")).contains(String.valueOf(p.getContainerPort()));
        });
        assertThat(value(receiver, "SELFHEAL_SCORER_DNS"))
                .contains(headless.getMetadata().getName() + ":" + port.getPort());
        assertThat(value(receiver, "SELFHEAL_SCORER_URL")).isEmpty();
        assertThat(value(receiver, "JAVA_OPTS")).get().asString().contains("-Dsun.net.inetaddr.ttl=5");

        PodDisruptionBudget budget = scorerBudget(objects);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(scorer.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theReplicaCountAndMemoryBudgetAreTakenAsGivenAndTheMonitorScrapesEachPodOnce() throws IOException {
        List<HasMetadata> objects = objects(render(Map.of("receiver.postgres.enabled", true, "scorer.replicas", 3,
                "scorer.memoryBudget", "768Mi", "serviceMonitor.enabled", true)));
        Deployment scorer = deployment(objects, "selfheal-scorer");
        assertThat(scorer.getSpec().getReplicas()).isEqualTo(3);
        assertThat(value(scorer, "SELFHEAL_SCORER_MEMORY_BUDGET")).contains("768Mi");
        GenericKubernetesResource monitor = ofKind(objects, GenericKubernetesResource.class).stream()
                .filter(o -> o.getMetadata().getName().equals("selfheal-scorer")).findFirst().orElseThrow();
        Map<String, String> selects = monitor.get("spec", "selector", "matchLabels");
        List<Service> selected = ofKind(objects, Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selects.entrySet())).toList();
        assertThat(selected).extracting(s -> s.getMetadata().getName()).containsExactly("selfheal-scorer");
    }

    @Test
    void aReplicaCountThatDoesNotFitTheStoreIsRefusedSayingWhy() {
        assertThatThrownBy(() -> render(Map.of("receiver.postgres.enabled", true, "scorer.replicas", 1)))
                .hasMessageContaining("scorer.replicas is 1: with PostgreSQL (receiver.postgres.enabled) the scorer "
                        + "runs 2 or more replicas");
        assertThatThrownBy(() -> render(Map.of("scorer.replicas", 2)))
                .hasMessageContaining("scorer.replicas is 2: with the embedded store the scorer runs exactly 1 replica")
                .hasMessageContaining("receiver.postgres.enabled=true");
        assertThat(render(Map.of("scorer.replicas", 1))).isEqualTo(render(Map.of()));
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return ofKind(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .findFirst().orElseThrow();
    }

    private static PodDisruptionBudget scorerBudget(List<HasMetadata> objects) {
        return ofKind(objects, PodDisruptionBudget.class).stream()
                .filter(p -> p.getMetadata().getName().equals("selfheal-scorer")).findFirst().orElseThrow();
    }

    private static List<EnvVar> env(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    private static EnvVar env(Deployment d, String name) {
        return env(d).stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no " + name));
    }

    private static Optional<String> value(Deployment d, String name) {
        return env(d).stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }
}
