package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart at deploy/helm/selfheal, linted and rendered by Helm's own library (helm-java)
 * for the default values and for each switch; the rendered objects parsed with fabric8 and checked
 * for what an install on a restricted cluster needs. deploy/kubernetes/selfheal.yaml is the default
 * render (one source of truth): regenerate it with
 * {@code ./mvnw -pl receiver test -Dtest=HelmChartTest -DregenerateManifests=true}.
 */
class HelmChartTest {

    static final Path CHART = Path.of("../deploy/helm/selfheal");
    static final Path RENDERED = Path.of("../deploy/kubernetes/selfheal.yaml");
    static final String HEADER = """
            # Generated from the Helm chart deploy/helm/selfheal with its default values (release selfheal,
            # namespace selfheal): `helm template selfheal deploy/helm/selfheal -n selfheal`. Do not edit:
            # change the chart, then regenerate with
            #   ./mvnw -pl receiver test -Dtest=HelmChartTest -DregenerateManifests=true
            # Create the Secret it reads first (docs/operations.md, "Install").
            """;

    /** Each switch the chart has, as --set pairs; the empty one is the default render. */
    static Stream<Map<String, Object>> switches() {
        return Stream.of(Map.of(),
                Map.of("receiver.postgres.enabled", true),
                Map.of("receiver.postgres.enabled", true, "receiver.replicas", 3),
                Map.of("receiver.postgres.enabled", true, "scorer.replicas", 3, "scorer.memoryBudget", "768Mi"),
                Map.of("serviceMonitor.enabled", true, "prometheusRule.enabled", true),
                Map.of("alertmanagerConfig.enabled", true, "grafanaDashboard.enabled", true),
                Map.of("networkPolicy.enabled", false, "podDisruptionBudget.enabled", false),
                Map.of("rbac.namespaces[0]", "shop", "rbac.namespaces[1]", "cart"),
                Map.of("secrets.pagerdutyRoutingKeyKey", ""));
    }

    static String render(Map<String, Object> set) {
        return render("selfheal", "selfheal", set);
    }

    static String render(String release, String namespace, Map<String, Object> set) {
        TemplateCommand template = new Helm(CHART).template().withName(release).withNamespace(namespace);
        set.forEach(template::set);
        return template.call();
    }

    static List<HasMetadata> objects(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().noneMatch(l -> l.startsWith("kind:"))) {
                continue;
            }
            try (InputStream in = new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))) {
                Object o = Serialization.unmarshal(in);
                if (o instanceof KubernetesList list) {
                    objects.addAll(list.getItems());
                } else {
                    objects.add((HasMetadata) o);
                }
            }
        }
        return objects;
    }

    static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** helm lint --strict takes no --set here (helm-java's lint has none): the switches are rendered below. */
    @Test
    void theChartPassesHelmLintStrict() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "restricted and probed: {0}")
    @MethodSource("switches")
    void everyContainerMeetsTheRestrictedStandardHasProbesOnItsPortAndAMemoryLimit(Map<String, Object> set)
            throws IOException {
        List<HasMetadata> objects = objects(render(set));
        List<Deployment> deployments = ofKind(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("selfheal-receiver", "selfheal-scorer");
        for (Deployment d : deployments) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).as(d.getMetadata().getName()).isTrue();
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container c : concat(pod.getContainers(), pod.getInitContainers())) {
                String where = d.getMetadata().getName() + "/" + c.getName();
                SecurityContext s = c.getSecurityContext();
                assertThat(s.getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(s.getRunAsNonRoot()).as(where).isTrue();
                assertThat(s.getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(s.getCapabilities().getDrop()).as(where).containsExactly("ALL");
                assertThat(s.getCapabilities().getAdd()).as(where).isNullOrEmpty();
                assertThat(s.getSeccompProfile().getType()).as(where).isEqualTo("RuntimeDefault");
                assertThat(c.getResources().getLimits()).as(where).containsKey("memory");
                Set<String> ports = new TreeSet<>();
                c.getPorts().stream().map(ContainerPort::getName).forEach(ports::add);
                for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
                    assertThat(probe).as(where + " probes").isNotNull();
                    assertThat(probe.getHttpGet().getPort().getStrVal()).as(where).isIn(ports);
                    assertThat(probe.getHttpGet().getPath()).as(where).startsWith("/q/health/");
                }
            }
        }
        // the writable places a read-only root needs are volumes: the store, the models, libtorch, /tmp
        Deployment scorer = deployments.stream().filter(d -> d.getMetadata().getName().equals("selfheal-scorer"))
                .findFirst().orElseThrow();
        assertThat(scorer.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(m -> m.getMountPath()).contains("/data", "/djl-cache", "/tmp");
        assertThat(scorer.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("DJL_CACHE_DIR=/djl-cache"))
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).startsWith("JAVA_OPTS=-Xmx"))
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("OMP_NUM_THREADS=1"));
        assertThat(scorer.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        if (!Boolean.TRUE.equals(set.get("receiver.postgres.enabled"))) {
            assertThat(scorer.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        }
    }

    @ParameterizedTest(name = "secrets referenced, config present: {0}")
    @MethodSource("switches")
    void noSecretIsCreatedAndEveryMountedConfigMapKeyExists(Map<String, Object> set) throws IOException {
        List<HasMetadata> objects = objects(render(set));
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        objects.stream().filter(o -> o instanceof ConfigMap)
                .map(o -> (ConfigMap) o)
                .forEach(c -> configMaps.put(c.getMetadata().getName(), c.getData()));
        Set<String> claims = new TreeSet<>();
        objects.stream().filter(o -> o.getKind().equals("PersistentVolumeClaim"))
                .forEach(o -> claims.add(o.getMetadata().getName()));
        for (Deployment d : ofKind(objects, Deployment.class)) {
            for (Volume v : d.getSpec().getTemplate().getSpec().getVolumes()) {
                if (v.getConfigMap() != null) {
                    assertThat(configMaps).as(v.getName()).containsKey(v.getConfigMap().getName());
                    Map<String, String> data = configMaps.get(v.getConfigMap().getName());
                    assertThat(data).as(v.getName()).isNotEmpty();
                    if (v.getConfigMap().getItems() != null) {
                        v.getConfigMap().getItems().forEach(i -> assertThat(data).containsKey(i.getKey()));
                    }
                }
                if (v.getSecret() != null) {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("selfheal-secrets");
                }
                if (v.getPersistentVolumeClaim() != null) {
                    assertThat(claims).contains(v.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        // the playbooks the chart ships load as the receiver loads them
        Path playbooks = Files.createTempFile("playbooks", ".yml");
        Files.writeString(playbooks, configMaps.get("selfheal-playbooks").get("playbooks.yml"));
        assertThat(dev.selfheal.receiver.playbook.PlaybookLoader.load(playbooks)).isNotEmpty();
    }

    @Test
    void theReceiverIsOneRecreatedReplicaOnItsVolumeOrSeveralOnPostgresql() throws IOException {
        Deployment embedded = receiver(objects(render(Map.of())));
        assertThat(embedded.getSpec().getReplicas()).isEqualTo(1);
        assertThat(embedded.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(embedded.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .extracting(v -> v.getPersistentVolumeClaim().getClaimName()).containsExactly("selfheal-receiver-data");

        List<HasMetadata> pg = objects(render(Map.of("receiver.postgres.enabled", true, "receiver.replicas", 3)));
        Deployment shared = receiver(pg);
        assertThat(shared.getSpec().getReplicas()).isEqualTo(3);
        assertThat(shared.getSpec().getStrategy()).isNull();
        assertThat(shared.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("selfheal-secrets");
                });
        assertThat(pg).noneMatch(o -> o.getMetadata().getName().equals("selfheal-receiver-data"));
        assertThat(pg).filteredOn(o -> o.getKind().equals("PodDisruptionBudget")).hasSize(2);
    }

    private static Deployment receiver(List<HasMetadata> objects) {
        return ofKind(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("selfheal-receiver")).findFirst().orElseThrow();
    }

    @Test
    void theReceiverMayDoExactlyWhatItsActionsDoWhereItIsBound() throws IOException {
        List<HasMetadata> objects = objects(render(Map.of("rbac.namespaces[0]", "shop", "rbac.namespaces[1]", "cart")));
        ClusterRole role = ofKind(objects, ClusterRole.class).get(0);
        assertThat(ManifestsTest.grants(role)).isEqualTo(ManifestsTest.declaredGrants());
        assertThat(ofKind(objects, RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace())
                .containsExactly("shop", "cart");
        assertThat(ofKind(objects(render(Map.of())), RoleBinding.class)).as("bound nowhere by default").isEmpty();
    }

    @Test
    void theDefaultRenderHasADisruptionBudgetAndNetworkPoliciesAndMonitorsOnlyWhenAsked() throws IOException {
        List<HasMetadata> defaults = objects(render(Map.of()));
        // policy/v1 without a cluster (Helm's own API versions); v1beta1 where only that is served (RealChartTest)
        assertThat(defaults).filteredOn(o -> o.getKind().equals("PodDisruptionBudget")).hasSize(2)
                .allSatisfy(pdb -> assertThat(pdb.getApiVersion()).isEqualTo("policy/v1"));
        assertThat(defaults).filteredOn(o -> o.getKind().equals("NetworkPolicy"))
                .extracting(o -> o.getMetadata().getName()).containsExactlyInAnyOrder("selfheal-receiver", "selfheal-scorer");
        assertThat(defaults).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
        List<HasMetadata> monitored = objects(render(Map.of("serviceMonitor.enabled", true)));
        assertThat(monitored).filteredOn(o -> o.getKind().equals("ServiceMonitor"))
                .extracting(o -> o.getMetadata().getName()).containsExactlyInAnyOrder("selfheal-receiver", "selfheal-scorer");
    }

    /** The PrometheusRule is the repository's rules file (promtool-tested), copied into the chart unchanged. */
    @Test
    void thePrometheusRuleIsSelfhealsOwnTestedRules() throws IOException {
        assertThat(Files.readString(CHART.resolve("files/selfheal-self.rules.yml")))
                .as("deploy/helm/selfheal/files/selfheal-self.rules.yml must be a copy of rules/selfheal-self.rules.yml")
                .isEqualTo(Files.readString(Path.of("../rules/selfheal-self.rules.yml")));
        assertThat(objects(render(Map.of()))).noneMatch(o -> o.getKind().equals("PrometheusRule"));
        HasMetadata rule = objects(render(Map.of("prometheusRule.enabled", true))).stream()
                .filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        String yaml = Serialization.asYaml(rule);
        assertThat(yaml).contains("SelfhealReceiverDown", "SelfhealWebhookErrors", "SelfhealPipelineBacklog",
                "SelfhealPagerDutyEventsDead", "SelfhealPagerDutyStuck", "SelfhealScorerModelsFailing",
                "SelfhealPausedTooLong", "SelfhealIntakeStuck", "{{ $value | humanizeDuration }}");
    }

    /**
     * The AlertmanagerConfig posts to the receiver's Service, on its port and webhook path, with
     * the webhook token from the referenced Secret, and lets the alert go on to the other routes.
     */
    @Test
    void theAlertmanagerConfigPostsToTheReceiverWithTheWebhookTokenAndContinues() throws IOException {
        assertThat(objects(render(Map.of()))).noneMatch(o -> o.getKind().equals("AlertmanagerConfig"));
        List<HasMetadata> objects = objects(render(Map.of("alertmanagerConfig.enabled", true)));
        GenericKubernetesResource config = ofKind(objects, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("AlertmanagerConfig")).findFirst().orElseThrow();
        assertThat(config.getApiVersion()).isEqualTo("monitoring.coreos.com/v1alpha1");
        Map<String, Object> route = config.get("spec", "route");
        assertThat(route).containsEntry("receiver", "selfheal").containsEntry("continue", true);
        List<Map<String, Object>> receivers = config.get("spec", "receivers");
        assertThat(receivers).singleElement().satisfies(r -> assertThat(r).containsEntry("name", "selfheal"));
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = ((List<Map<String, Object>>) receivers.get(0).get("webhookConfigs")).get(0);
        assertThat(webhook).containsEntry("sendResolved", true);
        URI url = URI.create((String) webhook.get("url"));
        assertThat(url.getPath()).isEqualTo("/api/v1/alerts");
        Service service = ofKind(objects, Service.class).stream()
                .filter(s -> url.getHost().equals(s.getMetadata().getName() + "." + s.getMetadata().getNamespace()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service answers at " + url));
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "selfheal-receiver");
        assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getPort() == url.getPort());
        assertThat(Serialization.asYaml(webhook)).contains("type: \"Bearer\"", "name: \"selfheal-secrets\"",
                "key: \"webhook-token\"");
    }

    /**
     * The dashboard ConfigMap carries the chart's dashboard file for the Grafana sidecar: the
     * services are picked by job in the dashboard's variables, nothing names the demo.
     */
    @Test
    void theGrafanaDashboardIsAConfigMapForTheSidecarParameterisedByJob() throws IOException {
        assertThat(objects(render(Map.of()))).noneMatch(o -> o.getMetadata().getName().endsWith("-dashboard"));
        ConfigMap map = ofKind(objects(render(Map.of("grafanaDashboard.enabled", true))), ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("selfheal-dashboard")).findFirst().orElseThrow();
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = new ObjectMapper().readTree(map.getData().get("selfheal.json"));
        assertThat(dashboard).isEqualTo(new ObjectMapper().readTree(CHART.resolve("files/selfheal-dashboard.json").toFile()));
        Set<String> variables = new TreeSet<>(dashboard.path("templating").path("list").findValuesAsText("name"));
        assertThat(variables).contains("datasource", "job", "receiver", "scorer");
        List<String> exprs = dashboard.path("panels").findValuesAsText("expr");
        assertThat(exprs).isNotEmpty().allSatisfy(e -> {
            assertThat(e).doesNotContain("demo");
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("\\$(\\w+)").matcher(e);
            while (used.find()) {
                assertThat(variables).as(e).contains(used.group(1));
            }
        });
        assertThat(String.join(" ", exprs)).contains("job=~\"$job\"", "job=~\"$receiver\"", "job=~\"$scorer\"");
        assertThat(dashboard.path("panels").findValuesAsText("uid")).containsOnly("${datasource}");
    }

    @Test
    void deployKubernetesIsTheChartsDefaultRender() throws IOException {
        String expected = HEADER + render(Map.of());
        if (Boolean.getBoolean("regenerateManifests")) {
            Files.writeString(RENDERED, expected);
        }
        assertThat(Files.readString(RENDERED)).as("deploy/kubernetes/selfheal.yaml is stale: regenerate it (see "
                + "HelmChartTest)").isEqualTo(expected);
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            if (l != null) {
                all.addAll(l);
            }
        }
        return all;
    }
}
