package dev.selfheal.scorer.replay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the saved series are known (each comes back from its saved state on its first request);
 * reports how many have a model, how many are in memory (resident) and how many only in the store.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final SeriesStates states;

    public ModelsReadiness(SeriesStates states) {
        this.states = states;
    }

    @Override
    public HealthCheckResponse call() {
        var all = states.all();
        long withModel = all.stream().filter(s -> s.summary().hasModel()).count();
        long replaying = all.stream().filter(SeriesState::running).count();
        long resident = all.stream().filter(SeriesState::resident).count();
        return HealthCheckResponse.named("models").status(states.loaded()).withData("series", all.size())
                .withData("withModel", withModel).withData("replaying", replaying).withData("resident", resident)
                .withData("stored", all.size() - resident)
                .withData("memoryBudgetMb", states.memoryBudgetBytes() >> 20).build();
    }
}
