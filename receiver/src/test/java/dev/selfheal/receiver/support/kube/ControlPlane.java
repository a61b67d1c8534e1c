package dev.selfheal.receiver.support.kube;

import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.RealPrograms;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A real control plane on 127.0.0.1, on free ports: Debian's etcd, kube-apiserver 1.20 (RBAC, a
 * static token file with an {@code admin} in system:masters) and kube-controller-manager
 * (deployments, replica sets, stateful sets, disruption budgets, garbage collection, service
 * accounts and their tokens, namespaces). No scheduler and no kubelet: pods stay Pending unless
 * a test writes their status. The flags are those of shared/k8s/example-cluster.sh.
 */
final class ControlPlane implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);

    final Path dir;
    final String url;
    final String adminToken;
    final Duration startedIn;
    private final List<Process> processes = new ArrayList<>();

    private ControlPlane(Path dir, String url, String adminToken, Duration startedIn, List<Process> processes) {
        this.dir = dir;
        this.url = url;
        this.adminToken = adminToken;
        this.startedIn = startedIn;
        this.processes.addAll(processes);
    }

    static ControlPlane start() {
        long t0 = System.nanoTime();
        Path bin = KubeBinaries.unpacked();
        List<Process> started = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("selfheal-kube-");
            int etcdPort = RealPrograms.freePort();
            int peerPort = RealPrograms.freePort();
            int apiPort = RealPrograms.freePort();
            int kcmPort = RealPrograms.freePort();
            String admin = "admin-" + random();
            String url = "https://127.0.0.1:" + apiPort;
            serviceAccountKeys(dir);
            Files.writeString(dir.resolve("tokens.csv"), admin + ",admin,uid-admin,\"system:masters\"\n");
            Files.writeString(dir.resolve("admin.kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: local, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                    users: [{name: admin, user: {token: "%s"}}]
                    contexts: [{name: admin, context: {cluster: local, user: admin}}]
                    current-context: admin
                    """.formatted(url, admin));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

            started.add(launch(dir, "etcd", List.of(RealPrograms.find("etcd").orElseThrow(), "--name", "test",
                    "--data-dir", dir.resolve("etcd").toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + etcdPort,
                    "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
                    "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
                    "--initial-cluster", "test=http://127.0.0.1:" + peerPort)));
            awaitAnswer(http, started, "http://127.0.0.1:" + etcdPort + "/health", "\"health\":\"true\"");

            started.add(launch(dir, "apiserver", List.of(bin.resolve("kube-apiserver").toString(),
                    "--etcd-servers=http://127.0.0.1:" + etcdPort, "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1", "--secure-port=" + apiPort, "--insecure-port=0",
                    "--cert-dir=" + dir.resolve("certs"), "--token-auth-file=" + dir.resolve("tokens.csv"),
                    "--authorization-mode=RBAC", "--service-account-key-file=" + dir.resolve("sa.pub"),
                    "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-cluster-ip-range=10.0.0.0/24")));
            try (KubernetesClient client = Clients.of(url, admin)) {
                awaitUntil(started, () -> "ok".equals(client.raw(url + "/readyz")));
            }

            started.add(launch(dir, "controller-manager", List.of(bin.resolve("kube-controller-manager").toString(),
                    "--kubeconfig=" + dir.resolve("admin.kubeconfig"),
                    "--authentication-kubeconfig=" + dir.resolve("admin.kubeconfig"),
                    "--authorization-kubeconfig=" + dir.resolve("admin.kubeconfig"),
                    "--leader-elect=false", "--use-service-account-credentials=false",
                    "--controllers=deployment,replicaset,statefulset,daemonset,disruption,garbagecollector,"
                            + "serviceaccount,serviceaccount-token,namespace",
                    "--service-account-private-key-file=" + dir.resolve("sa.key"),
                    "--root-ca-file=" + dir.resolve("certs/apiserver.crt"),
                    "--bind-address=127.0.0.1", "--secure-port=" + kcmPort, "--port=0")));
            try (KubernetesClient client = Clients.of(url, admin)) {
                // the controllers work once the default service account has its token secret
                awaitUntil(started, () -> {
                    ServiceAccount sa = client.serviceAccounts().inNamespace("default").withName("default").get();
                    return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
                });
            }
            reaper(started);
            return new ControlPlane(dir, url, admin, Duration.ofNanos(System.nanoTime() - t0), started);
        } catch (IOException e) {
            stop(started, dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            String logs = dir == null ? "" : logs(dir);
            stop(started, dir);
            throw new IllegalStateException("the Kubernetes control plane did not start: " + e.getMessage() + logs, e);
        }
    }

    @Override
    public void close() {
        stop(processes, dir);
    }

    private static Process launch(Path dir, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /**
     * Stops the processes if this JVM dies without running its shutdown hooks (a kill -9 of the
     * test run): {@code tail --pid} returns when the JVM is gone.
     */
    private static void reaper(List<Process> started) throws IOException {
        StringBuilder pids = new StringBuilder();
        started.forEach(p -> pids.append(' ').append(p.pid()));
        new ProcessBuilder("sh", "-c", "tail --pid=" + ProcessHandle.current().pid() + " -f /dev/null; kill"
                + pids + " 2>/dev/null").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitAnswer(HttpClient http, List<Process> started, String url, String expected) {
        awaitUntil(started, () -> http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.ofString()).body().contains(expected));
    }

    private static void awaitUntil(List<Process> started, Callable<Boolean> condition) {
        await().atMost(START).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .failFast("a control-plane process exited", () -> started.stream().anyMatch(p -> !p.isAlive()))
                .until(condition);
    }

    private static void stop(List<Process> processes, Path dir) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (dir != null && !Boolean.getBoolean("dev.selfheal.tests.kube.keep")) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is no failure
            }
        }
    }

    private static String logs(Path dir) {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("etcd", "apiserver", "controller-manager")) {
            Path log = dir.resolve(name + ".log");
            try {
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    b.append("\n--- ").append(name).append(".log (last lines)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                }
            } catch (IOException e) {
                b.append("\n(").append(log).append(" unreadable)");
            }
        }
        return b.toString();
    }

    /** The key pair the API server checks and the controller-manager signs service-account tokens with. */
    private static void serviceAccountKeys(Path dir) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
