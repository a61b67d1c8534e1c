package dev.selfheal.receiver.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * Whether Argo CD or Flux manages an object, whose next sync would undo what an action changes:
 * Argo CD's annotation {@code argocd.argoproj.io/tracking-id} (its annotation tracking; see
 * https://argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/), Flux's labels
 * {@code kustomize.toolkit.fluxcd.io/name} and {@code helm.toolkit.fluxcd.io/name}. Not
 * {@code app.kubernetes.io/instance}: every Helm release carries it, selfheal's own chart included.
 */
final class GitOps {

    static final String ARGO_CD = "argocd.argoproj.io/tracking-id";
    static final String FLUX_KUSTOMIZE = "kustomize.toolkit.fluxcd.io/name";
    static final String FLUX_HELM = "helm.toolkit.fluxcd.io/name";

    private GitOps() {
    }

    /** The tool that manages the object and the mark that says so, e.g. {@code Argo CD (argocd.argoproj.io/tracking-id=shop:apps/Deployment:shop/cart)}. */
    static Optional<String> manager(HasMetadata object) {
        if (object == null || object.getMetadata() == null) {
            return Optional.empty();
        }
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        if (annotations != null && annotations.get(ARGO_CD) != null) {
            return Optional.of("Argo CD (" + ARGO_CD + "=" + annotations.get(ARGO_CD) + ")");
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        for (String key : new String[] {FLUX_KUSTOMIZE, FLUX_HELM}) {
            if (labels != null && labels.get(key) != null) {
                return Optional.of("Flux (" + key + "=" + labels.get(key) + ")");
            }
        }
        return Optional.empty();
    }
}
