package dev.selfheal.scorer.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the saved models are loaded; reports how many models are in each status. */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final ModelRegistry registry;

    public ModelsReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models").status(registry.loaded());
        Arrays.stream(ModelStatus.values()).forEach(s -> builder.withData(s.name(),
                registry.all().stream().filter(e -> e.status() == s).count()));
        return builder.build();
    }
}
