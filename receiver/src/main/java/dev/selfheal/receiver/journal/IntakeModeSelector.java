package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.config.ReceiverConfig.IntakeMode;
import dev.selfheal.receiver.episode.EpisodeIntake;
import dev.selfheal.receiver.episode.IntakeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Chooses where accepted webhooks are made durable ({@code selfheal.webhook.intake}). */
@ApplicationScoped
public class IntakeModeSelector {

    private final boolean journal;

    public IntakeModeSelector(ReceiverConfig config) {
        String url = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse("");
        this.journal = resolve(config.webhook().intake(), url) == IntakeMode.JOURNAL;
    }

    /** AUTO is the journal on the embedded H2 store, direct on a shared one (PostgreSQL). */
    static IntakeMode resolve(IntakeMode mode, String jdbcUrl) {
        if (mode != IntakeMode.AUTO) {
            return mode;
        }
        return jdbcUrl.startsWith("jdbc:h2:") ? IntakeMode.JOURNAL : IntakeMode.DIRECT;
    }

    public boolean journal() {
        return journal;
    }

    @Produces
    @Singleton
    IntakeStore intakeStore(IntakeJournal journalStore, EpisodeIntake direct) {
        return journal ? journalStore : direct;
    }
}
