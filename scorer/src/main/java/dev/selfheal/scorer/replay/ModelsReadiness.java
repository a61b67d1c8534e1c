package dev.selfheal.scorer.replay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the saved series are known (their replays may still run); reports how many have a model. */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final SeriesStates states;

    public ModelsReadiness(SeriesStates states) {
        this.states = states;
    }

    @Override
    public HealthCheckResponse call() {
        long series = states.all().size();
        long withModel = states.all().stream().filter(s -> s.detector().model() != null).count();
        long replaying = states.all().stream().filter(s -> s.running()).count();
        return HealthCheckResponse.named("models").status(states.loaded()).withData("series", series)
                .withData("withModel", withModel).withData("replaying", replaying).build();
    }
}
