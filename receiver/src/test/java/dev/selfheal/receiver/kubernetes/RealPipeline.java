package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.support.Api.episode;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.kube.RealCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the tests on the real API server share: an alert through the receiver's webhook, its
 * episode's decisions and actions from the API, and workloads made on the server as the admin.
 */
public final class RealPipeline {

    static final RealCluster CLUSTER = RealCluster.shared();
    static final Duration WAIT = Duration.ofSeconds(60);

    private RealPipeline() {
    }

    public static KubernetesClient admin() {
        return CLUSTER.admin();
    }

    /** A namespace for one test, where the chart's RoleBinding lets the receiver act. */
    public static String boundNamespace(String prefix) {
        String ns = CLUSTER.namespace(prefix);
        ReceiverGrants.bind(CLUSTER, ns);
        return ns;
    }

    /** Posts a firing alert with these labels (alertname included); its episode's id. */
    static Object alert(Map<String, String> labels) {
        String json = new TreeMap<>(labels).entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        postWebhook("""
                {"version":"4","status":"firing","receiver":"selfheal","groupKey":"{}:{alertname=\\"%s\\"}",
                 "alerts":[{"status":"firing","labels":{%s},"annotations":{},"startsAt":"2026-11-28T03:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z"}]}""".formatted(labels.get("alertname"), json)).then().statusCode(200);
        List<Map<String, Object>> all = Api.authed().get("/api/v1/episodes?limit=1000").then().extract().jsonPath()
                .getList("episodes");
        return all.stream().filter(e -> labels.equals(e.get("labels"))).findFirst()
                .orElseThrow(() -> new AssertionError("no episode for " + labels)).get("id");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> timeline(Object id, String kind) {
        return ((List<Map<String, Object>>) episode(id).get("timeline")).stream()
                .filter(t -> kind.equals(t.get("kind"))).toList();
    }

    /** The episode's first decision, once made. */
    static Map<String, Object> decision(Object id) {
        await().atMost(WAIT).until(() -> !timeline(id, "decision").isEmpty());
        return timeline(id, "decision").get(0);
    }

    /** The episode's {@code index}th finished action (by the order they finished), once it has one. */
    static Map<String, Object> action(Object id, int index) {
        await().atMost(WAIT).until(() -> finished(id).size() > index);
        return finished(id).get(index);
    }

    private static List<Map<String, Object>> finished(Object id) {
        return timeline(id, "action").stream().filter(a -> !"STARTED".equals(a.get("status"))).toList();
    }

    /** A Deployment that opted in (its pods too), its pods named {@code name-...}. */
    public static Deployment deployment(String ns, String name, int replicas, String image) {
        return admin().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", name).addToLabels("selfheal.dev/enabled", "true").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    /** Waits until the Deployment's controller has made {@code count} pods; they are Running and Ready after. */
    static List<Pod> readyPods(String ns, String app, int count) {
        await().atMost(WAIT).until(() -> pods(ns, app).size() == count);
        List<Pod> pods = pods(ns, app);
        pods.forEach(p -> CLUSTER.runningAndReady(ns, p.getMetadata().getName()));
        return pods;
    }

    static List<Pod> pods(String ns, String app) {
        return admin().pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    public static List<ReplicaSet> replicaSets(String ns) {
        return admin().apps().replicaSets().inNamespace(ns).list().getItems();
    }

    /** The Deployment's revision (deployment.kubernetes.io/revision), once its controller wrote one. */
    public static Optional<String> revision(String ns, String name) {
        Deployment d = admin().apps().deployments().inNamespace(ns).withName(name).get();
        return Optional.ofNullable(d.getMetadata().getAnnotations()).map(a -> a.get(Rollback.REVISION));
    }
}
