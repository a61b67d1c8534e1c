package dev.selfheal.receiver.episode;

import java.time.Instant;
import java.util.Optional;

/** Alert times are stored as epoch nanoseconds (exact keys); 0 means unset. */
public final class Times {

    private Times() {
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static long toNanos(Optional<Instant> instant) {
        return instant.map(Times::toNanos).orElse(0L);
    }

    static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static Optional<Instant> optionalFromNanos(long nanos) {
        return nanos == 0 ? Optional.empty() : Optional.of(fromNanos(nanos));
    }
}
