package dev.selfheal.receiver.support.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** A fabric8 client for the test control plane, as one user (a bearer token). */
public final class Clients {

    private Clients() {
    }

    /**
     * Its certificate is self-signed, made at start-up: trusted as it is. Timeouts and retries as
     * the receiver's own client has them (application.properties).
     */
    public static KubernetesClient of(String url, String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthToken(token)
                .withTrustCerts(true).withDisableHostnameVerification(true).withNamespace("default")
                .withRequestTimeout(10_000).withRequestRetryBackoffLimit(2).withRequestRetryBackoffInterval(250).build()).build();
    }
}
