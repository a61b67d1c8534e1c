package dev.selfheal.receiver.support.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The one real control plane of a test run ({@link ControlPlane}), started by the first test that
 * asks and stopped when the JVM exits; every later ask, from any class loader (Quarkus loads test
 * classes in its own), gets the same one. A namespace per test, the admin's client, and service
 * account tokens for tests that run as someone else.
 */
public final class RealCluster {

    /** Where the running control plane is written for the other class loaders: "url token millis" (not under
     * selfheal., which the receiver's configuration root would refuse as unknown). */
    private static final String PROPERTY = "dev.selfheal.tests.kube.cluster";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String url;
    private final String adminToken;
    private final Duration startedIn;
    private KubernetesClient admin;

    private RealCluster(String url, String adminToken, Duration startedIn) {
        this.url = url;
        this.adminToken = adminToken;
        this.startedIn = startedIn;
    }

    /** The control plane, started now when no test has started it yet. */
    public static RealCluster shared() {
        Object lock = System.getProperties();
        synchronized (lock) {
            String running = System.getProperty(PROPERTY);
            if (running == null) {
                ControlPlane plane = ControlPlane.start();
                Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "kube-control-plane-stop"));
                running = plane.url + " " + plane.adminToken + " " + plane.startedIn.toMillis();
                System.setProperty(PROPERTY, running);
                System.out.printf("real Kubernetes 1.20 control plane at %s, started in %.1f s (%s)%n", plane.url,
                        plane.startedIn.toMillis() / 1000.0, plane.dir);
            }
            String[] parts = running.split(" ");
            return new RealCluster(parts[0], parts[1], Duration.ofMillis(Long.parseLong(parts[2])));
        }
    }

    public String url() {
        return url;
    }

    public String adminToken() {
        return adminToken;
    }

    /** How long the control plane took to start (binaries unpacked, etcd, API server, controllers). */
    public Duration startedIn() {
        return startedIn;
    }

    /** A kubeconfig for the admin, for tools that take one (Helm). */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: local, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: admin, user: {token: "%s"}}]
                contexts: [{name: admin, context: {cluster: local, user: admin, namespace: default}}]
                current-context: admin
                """.formatted(url, adminToken);
    }

    /** A client as the admin (system:masters). */
    public synchronized KubernetesClient admin() {
        if (admin == null) {
            admin = Clients.of(url, adminToken);
        }
        return admin;
    }

    /** A client as the user a bearer token names. */
    public KubernetesClient as(String token) {
        return Clients.of(url, token);
    }

    /**
     * A new namespace named after the test ({@code prefix-xxxxxx}), ready for pods: in 1.20 the
     * ServiceAccount admission refuses pods until the default account has its token secret.
     */
    public String namespace(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 6));
        name = name.length() > 63 ? name.substring(name.length() - 63).replaceAll("^-+", "") : name;
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        serviceAccountToken(name, "default");
        return name;
    }

    /**
     * The token of a ServiceAccount (created when absent): what a pod running as it would mount.
     * 1.20's token controller writes it into a Secret a moment after the account exists.
     */
    public String serviceAccountToken(String namespace, String account) {
        KubernetesClient k = admin();
        if (k.serviceAccounts().inNamespace(namespace).withName(account).get() == null) {
            try {
                k.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                        .withName(account).endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: the service-account controller made it meanwhile
                    throw e;
                }
            }
        }
        String[] token = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            ServiceAccount sa = k.serviceAccounts().inNamespace(namespace).withName(account).get();
            if (sa == null || sa.getSecrets() == null || sa.getSecrets().isEmpty()) {
                return false;
            }
            Secret secret = k.secrets().inNamespace(namespace).withName(sa.getSecrets().get(0).getName()).get();
            if (secret == null || secret.getData() == null || secret.getData().get("token") == null) {
                return false;
            }
            token[0] = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
            return true;
        });
        return token[0];
    }

    /**
     * Marks a pod Running and Ready through its status subresource, as a kubelet would (there is
     * none): what the disruption controller counts as healthy.
     */
    public void runningAndReady(String namespace, String pod) {
        Pod current = admin().pods().inNamespace(namespace).withName(pod).get();
        List<PodCondition> conditions = List.of(
                new PodConditionBuilder().withType("Ready").withStatus("True").build(),
                new PodConditionBuilder().withType("ContainersReady").withStatus("True").build(),
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build());
        current.setStatus(new PodStatusBuilder().withPhase("Running").withConditions(conditions)
                .withStartTime(java.time.Instant.now().toString()).build());
        admin().pods().inNamespace(namespace).resource(current).updateStatus();
    }
}
