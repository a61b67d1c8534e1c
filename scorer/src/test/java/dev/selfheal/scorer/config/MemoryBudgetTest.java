package dev.selfheal.scorer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void sizesReadAsTheChartAndTheLauncherWriteThem() {
        assertThat(MemoryBudget.bytes(Optional.of("512m"), 0)).isEqualTo(512L << 20);
        assertThat(MemoryBudget.bytes(Optional.of("2g"), 0)).isEqualTo(2L << 30);
        assertThat(MemoryBudget.bytes(Optional.of("2Gi"), 0)).isEqualTo(2L << 30);
        assertThat(MemoryBudget.bytes(Optional.of("1500k"), 0)).isEqualTo(1500L << 10);
        assertThat(MemoryBudget.bytes(Optional.of("3000000"), 0)).isEqualTo(3_000_000L);
    }

    @Test
    void unsetIsHalfTheHeap() {
        assertThat(MemoryBudget.bytes(Optional.empty(), 1L << 30)).isEqualTo(512L << 20);
        assertThat(MemoryBudget.bytes(Optional.of(" "), 1L << 30)).isEqualTo(512L << 20);
    }

    @Test
    void whatIsNotASizeOrTooSmallIsRefusedSayingWhy() {
        assertThatThrownBy(() -> MemoryBudget.bytes(Optional.of("lots"), 0)).hasMessageContaining("512m or 2g");
        assertThatThrownBy(() -> MemoryBudget.bytes(Optional.of("10k"), 0)).hasMessageContaining("at least 1m");
        assertThatThrownBy(() -> MemoryBudget.bytes(Optional.of("99999999999999t"), 0)).hasMessageContaining("at least 1m");
    }
}
