package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The {@link WorkloadGuard} the Kubernetes actions share, from the safety settings. */
public class WorkloadGuards {

    @Produces
    @Singleton
    WorkloadGuard guard(ReceiverConfig config) {
        ReceiverConfig.Safety s = config.safety();
        return new WorkloadGuard(s.allowNamespaces().orElse(List.of()), s.denyNamespaces(), s.requireLabel());
    }
}
