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

    /**
     * AUTO is the journal on the embedded H2 store, direct on a shared one (PostgreSQL). The journal
     * on a shared store is refused: its checkpoint is one row, replicas would each need their own,
     * and a replica's local journal leaves with its pod.
     */
    static IntakeMode resolve(IntakeMode mode, String jdbcUrl) {
        boolean embedded = jdbcUrl.startsWith("jdbc:h2:");
        if (mode == IntakeMode.JOURNAL && !embedded) {
            throw new IllegalStateException("selfheal.webhook.intake=journal needs the embedded H2 store; with "
                    + "PostgreSQL use direct (or auto)");
        }
        if (mode != IntakeMode.AUTO) {
            return mode;
        }
        return embedded ? IntakeMode.JOURNAL : IntakeMode.DIRECT;
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
