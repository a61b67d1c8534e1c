package dev.selfheal.scorer.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the scorer keeps what outlives a process: per series, named blobs (its saved grid
 * {@code series.json}, its detector state {@code state}, each model version {@code v<N>}). One
 * replica with files under {@code SELFHEAL_MODEL_DIR} ({@link FileBlobs}) by default; several
 * replicas share one PostgreSQL. Every write is atomic: a reader sees the old blob or the new one.
 */
public interface Blobs {

    /** Writes (or replaces) a blob. */
    void put(String series, String name, byte[] data) throws IOException;

    /**
     * Writes the blob only when {@code generation} is greater than the stored one's (or none is
     * stored); true when written. Two replicas saving one series' state keep the newer one. The
     * data must begin with {@code generation} as a big-endian long (so a file store reads it back
     * from the blob itself); it is stored and read back as given.
     */
    boolean putIfNewer(String series, String name, long generation, byte[] data) throws IOException;

    Optional<byte[]> get(String series, String name) throws IOException;

    /** The names of a series' blobs. */
    List<String> names(String series) throws IOException;

    void delete(String series, String name) throws IOException;

    /** Every series' blob of this name, by series (the index read at start). */
    Map<String, byte[]> all(String name) throws IOException;

    /** Where the blobs are, for logs (never a password). */
    String describe();
}
