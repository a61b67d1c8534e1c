package dev.selfheal.receiver.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.receiver.config.ReceiverConfig.IntakeMode;
import org.junit.jupiter.api.Test;

/** Which intake a configuration gets. */
class IntakeModeSelectorTest {

    private static final String H2 = "jdbc:h2:file:./data/selfheal;WRITE_DELAY=0";
    private static final String PG = "jdbc:postgresql://db:5432/selfheal";

    @Test
    void autoIsTheJournalOnH2AndDirectOnPostgres() {
        assertThat(IntakeModeSelector.resolve(IntakeMode.AUTO, H2)).isEqualTo(IntakeMode.JOURNAL);
        assertThat(IntakeModeSelector.resolve(IntakeMode.AUTO, PG)).isEqualTo(IntakeMode.DIRECT);
        assertThat(IntakeModeSelector.resolve(IntakeMode.DIRECT, H2)).isEqualTo(IntakeMode.DIRECT);
        assertThat(IntakeModeSelector.resolve(IntakeMode.JOURNAL, H2)).isEqualTo(IntakeMode.JOURNAL);
    }

    @Test
    void theJournalOnASharedStoreIsRefused() {
        assertThatThrownBy(() -> IntakeModeSelector.resolve(IntakeMode.JOURNAL, PG))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs the embedded H2 store");
    }
}
