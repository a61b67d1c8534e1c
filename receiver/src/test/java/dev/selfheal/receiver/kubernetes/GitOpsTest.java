package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The marks Argo CD and Flux leave on what they manage, and the Helm label that is none. */
class GitOpsTest {

    static io.fabric8.kubernetes.api.model.apps.Deployment marked(Map<String, String> annotations,
                                                                    Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName("cart").withNamespace("shop")
                .withAnnotations(annotations).withLabels(labels).endMetadata().build();
    }

    @Test
    void argoCdsAnnotationAndFluxsLabelsNameTheTool() {
        assertThat(GitOps.manager(marked(Map.of(GitOps.ARGO_CD, "shop:apps/Deployment:shop/cart"), Map.of())))
                .contains("Argo CD (argocd.argoproj.io/tracking-id=shop:apps/Deployment:shop/cart)");
        assertThat(GitOps.manager(marked(Map.of(), Map.of(GitOps.FLUX_KUSTOMIZE, "apps"))))
                .contains("Flux (kustomize.toolkit.fluxcd.io/name=apps)");
        assertThat(GitOps.manager(marked(Map.of(), Map.of(GitOps.FLUX_HELM, "cart"))))
                .contains("Flux (helm.toolkit.fluxcd.io/name=cart)");
    }

    @Test
    void aHelmReleasesInstanceLabelIsNoGitOpsTool() {
        assertThat(GitOps.manager(marked(Map.of(), Map.of("app.kubernetes.io/instance", "cart",
                "app.kubernetes.io/managed-by", "Helm")))).isEmpty();
        assertThat(GitOps.manager(null)).isEmpty();
    }
}
