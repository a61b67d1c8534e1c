package dev.selfheal.scorer.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the series in memory within the memory budget: past it, the least recently asked series
 * are stored (state saved, detector and model let go) until the rest fit in 90% of it; they come
 * back on their next request. Also saves the state of series that changed, every save interval,
 * so a restart (even a killed process) catches up from there. Runs on one thread of its own.
 */
final class ResidentSeries {

    private final Supplier<Collection<SeriesState>> states;
    private final long budgetBytes;
    private final long saveEveryMillis;
    private final AtomicLong resident = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong residentBytes = new AtomicLong();
    private final Counter evictions;
    private long lastSave = System.currentTimeMillis();

    ResidentSeries(Supplier<Collection<SeriesState>> states, long budgetBytes, long saveEveryMillis,
                   MeterRegistry meters) {
        this.states = states;
        this.budgetBytes = budgetBytes;
        this.saveEveryMillis = saveEveryMillis;
        Gauge.builder("selfheal.scorer.series", resident, AtomicLong::get).tag("state", "resident")
                .description("Series known to the scorer: in memory (resident) or in the store only (stored)")
                .register(meters);
        Gauge.builder("selfheal.scorer.series", stored, AtomicLong::get).tag("state", "stored")
                .description("Series known to the scorer: in memory (resident) or in the store only (stored)")
                .register(meters);
        Gauge.builder("selfheal.scorer.series.resident.bytes", residentBytes, AtomicLong::get)
                .description("Bytes the resident series hold, as the memory budget counts them").register(meters);
        Gauge.builder("selfheal.scorer.memory.budget.bytes", () -> budgetBytes)
                .description("The memory budget of resident series (SELFHEAL_SCORER_MEMORY_BUDGET)").register(meters);
        this.evictions = Counter.builder("selfheal.scorer.series.evictions")
                .description("Series sent out of memory by the memory budget").register(meters);
    }

    long budgetBytes() {
        return budgetBytes;
    }

    long resident() {
        return resident.get();
    }

    long stored() {
        return stored.get();
    }

    /** One round: counts, saves what changed when the interval is up, stores the least recently used past the budget. */
    synchronized void round() {
        List<SeriesState> all = List.copyOf(states.get());
        long bytes = 0;
        int inMemory = 0;
        for (SeriesState s : all) {
            long b = s.bytes();
            bytes += b;
            inMemory += b > 0 ? 1 : 0;
        }
        if (bytes > budgetBytes) {
            List<SeriesState> oldestFirst = all.stream().filter(SeriesState::resident)
                    .sorted(Comparator.comparingLong(SeriesState::lastUsed)).toList();
            long target = budgetBytes * 9 / 10;
            for (SeriesState s : oldestFirst) {
                if (bytes <= target) {
                    break;
                }
                long b = s.bytes();
                if (s.store()) {
                    bytes -= b;
                    inMemory--;
                    evictions.increment();
                }
            }
        }
        long now = System.currentTimeMillis();
        if (now - lastSave >= saveEveryMillis) {
            lastSave = now;
            all.forEach(SeriesState::saveIfChanged);
        }
        residentBytes.set(bytes);
        resident.set(inMemory);
        stored.set(all.size() - inMemory);
    }

    /** Saves every changed series (at shutdown). */
    void saveAll() {
        states.get().forEach(SeriesState::saveIfChanged);
    }
}
