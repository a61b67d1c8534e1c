package dev.selfheal.receiver.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.support.kube.RealCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one profile of every test that runs the receiver against the real API server (a profile of
 * its own restarts the application: one for all keeps CI short). The receiver's Kubernetes client
 * holds the token of the chart's ServiceAccount, with the chart's ClusterRole applied, and acts
 * only where a test binds it ({@link ReceiverGrants#bind}), as in production. The scorer is a
 * WireMock that finds every metric anomalous.
 */
public class RealClusterProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("selfheal.pipeline.poll-every", "PT0.2S",
                "selfheal.playbooks", Path.of("src/test/resources/kubernetes/playbooks-real.yml").toAbsolutePath()
                        .toString(),
                // every test acts on targets of its own: no blast radius or hourly limit across tests
                "selfheal.safety.max-targets", "1000", "selfheal.safety.max-actions-per-hour", "1000",
                // RealActCrashTest: an execution cut by a simulated crash is taken up again after 1 s
                "selfheal.pipeline.abandoned-after", "PT1S",
                // Quarkus warns that the client's settings were fixed at build time, printing each value,
                // the service account's token too; the settings apply all the same
                "quarkus.log.category.\"io.quarkus.runtime.configuration.ConfigRecorder\".level", "ERROR");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Cluster.class));
    }

    /** Points the receiver at the real API server, as the chart's ServiceAccount. */
    public static class Cluster implements QuarkusTestResourceLifecycleManager {

        private WireMockServer scorer;

        @Override
        public Map<String, String> start() {
            RealCluster cluster = RealCluster.shared();
            String token = ReceiverGrants.install(cluster);
            scorer = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            scorer.start();
            scorer.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5},"
                    + "\"results\":[{\"anomalous\":true,\"score\":0.97,\"model\":{\"id\":\"m-7\",\"version\":1,"
                    + "\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"outside the band\"}}]}")));
            return Map.of("quarkus.kubernetes-client.api-server-url", cluster.url(),
                    "quarkus.kubernetes-client.token", token,
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "quarkus.kubernetes-client.namespace", ReceiverGrants.NAMESPACE,
                    "selfheal.scorer.url", scorer.baseUrl());
        }

        @Override
        public void stop() {
            if (scorer != null) {
                scorer.stop();
            }
        }
    }
}
