package dev.selfheal.receiver.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Plain words for the Kubernetes API's errors. */
final class Kube {

    private Kube() {
    }

    static String describe(Object target, KubernetesClientException e) {
        String reason = e.getStatus() == null || e.getStatus().getReason() == null ? "" : " " + e.getStatus().getReason();
        return target + ": the Kubernetes API answered " + (e.getCode() == 0 ? "nothing (" + e.getMessage() + ")"
                : e.getCode() + reason);
    }
}
