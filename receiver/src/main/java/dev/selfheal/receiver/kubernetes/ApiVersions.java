package dev.selfheal.receiver.kubernetes;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which version of an API group the server serves, asked once (discovery, {@code GET /apis}) and
 * kept: every versioned API an action uses that changed version across the Kubernetes releases
 * selfheal supports comes from here. HorizontalPodAutoscaler is {@code autoscaling/v2} from 1.23,
 * {@code v2beta2} before (1.20 serves v2beta2 and v1); Eviction and PodDisruptionBudget are
 * {@code policy/v1} from 1.21/1.22, {@code v1beta1} before. The rest is stable since before 1.16
 * ({@code v1} core, {@code apps/v1}, {@code authorization.k8s.io/v1}) and named as it is.
 * A server that does not answer discovery is taken to serve the current versions, and asked again
 * next time.
 */
@Singleton
public class ApiVersions {

    private static final Logger LOG = Logger.getLogger(ApiVersions.class);

    /** The HorizontalPodAutoscaler versions, newest first; their spec's scaleTargetRef and replicas are alike. */
    static final List<String> HPA = List.of("v2", "v2beta2", "v1");
    /** The Eviction versions, newest first. */
    static final List<String> EVICTION = List.of("v1", "v1beta1");

    private final KubernetesClient client;
    private volatile Map<String, List<String>> served;

    @Inject
    public ApiVersions(KubernetesClient client) {
        this.client = client;
    }

    /** The HorizontalPodAutoscaler API this server serves: its group, version and plural. */
    public ResourceDefinitionContext horizontalPodAutoscalers() {
        return new ResourceDefinitionContext.Builder().withGroup("autoscaling")
                .withVersion(pick("autoscaling", HPA)).withKind("HorizontalPodAutoscaler")
                .withPlural("horizontalpodautoscalers").withNamespaced(true).build();
    }

    /** Whether the server takes an Eviction as {@code policy/v1} (else {@code policy/v1beta1}). */
    public boolean evictionV1() {
        return "v1".equals(pick("policy", EVICTION));
    }

    /** The first of {@code preferred} (newest first) the server serves in {@code group}; the newest when unknown. */
    String pick(String group, List<String> preferred) {
        Optional<List<String>> versions = versions(group);
        if (versions.isEmpty()) {
            return preferred.get(0);
        }
        return preferred.stream().filter(versions.get()::contains).findFirst().orElseThrow(() ->
                new IllegalStateException("the Kubernetes API serves " + group + " as " + versions.get()
                        + ", none of " + preferred));
    }

    private Optional<List<String>> versions(String group) {
        Map<String, List<String>> known = served;
        if (known == null) {
            try {
                APIGroupList groups = client.getApiGroups();
                if (groups == null || groups.getGroups() == null || groups.getGroups().isEmpty()) {
                    return Optional.empty();
                }
                known = groups.getGroups().stream().collect(Collectors.toMap(APIGroup::getName,
                        g -> g.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList(), (a, b) -> a));
                served = known;
            } catch (KubernetesClientException e) {
                LOG.debugf("API discovery failed (%s); taking the current versions", e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.ofNullable(known.get(group));
    }
}
