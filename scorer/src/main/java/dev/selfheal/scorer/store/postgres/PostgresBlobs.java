package dev.selfheal.scorer.store.postgres;

import dev.selfheal.scorer.store.Blobs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as rows of {@code scorer_blobs}, one per series and name; every write is one statement, so
 * a reader sees the old row or the new one. The {@code generation} column is the blob's first 8
 * bytes as a big-endian long (null when shorter), which is what {@code FileBlobs} reads back from a
 * file: {@code putIfNewer} compares the same thing on both stores.
 */
public final class PostgresBlobs implements Blobs {

    /** The names {@code FileBlobs} accepts, so that a series valid on files is valid here. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final String UPSERT = "INSERT INTO " + PostgresSchema.BLOBS
            + " AS b (series, name, generation, data, updated_at) VALUES (?, ?, ?, ?, now())"
            + " ON CONFLICT (series, name) DO UPDATE SET generation = EXCLUDED.generation, data = EXCLUDED.data,"
            + " updated_at = EXCLUDED.updated_at";
    private static final String IF_NEWER = " WHERE b.generation IS NULL OR b.generation < EXCLUDED.generation";

    private final PostgresStore store;

    PostgresBlobs(PostgresStore store) {
        this.store = store;
    }

    private static void check(String series, String name) {
        if (!SAFE.matcher(series).matches() || !SAFE.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("not a blob name: " + series + "/" + name);
        }
    }

    @Override
    public void put(String series, String name, byte[] data) throws IOException {
        check(series, name);
        upsert(UPSERT, series, name, data.length >= Long.BYTES ? ByteBuffer.wrap(data).getLong() : null, data);
    }

    @Override
    public boolean putIfNewer(String series, String name, long generation, byte[] data) throws IOException {
        check(series, name);
        if (data.length < Long.BYTES || ByteBuffer.wrap(data).getLong() != generation) {
            throw new IllegalArgumentException("a blob written with a generation begins with it");
        }
        return upsert(UPSERT + IF_NEWER, series, name, generation, data);
    }

    private boolean upsert(String sql, String series, String name, Long generation, byte[] data) throws IOException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, series);
            ps.setString(2, name);
            if (generation == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, generation);
            }
            ps.setBytes(4, data);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw store.failure("cannot write blob " + series + "/" + name, e);
        }
    }

    @Override
    public Optional<byte[]> get(String series, String name) throws IOException {
        check(series, name);
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT data FROM " + PostgresSchema.BLOBS + " WHERE series = ? AND name = ?")) {
            ps.setString(1, series);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw store.failure("cannot read blob " + series + "/" + name, e);
        }
    }

    @Override
    public List<String> names(String series) throws IOException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM " + PostgresSchema.BLOBS + " WHERE series = ?")) {
            ps.setString(1, series);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            out.sort(null); // Java's order, as FileBlobs sorts, not the database's collation
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot list the blobs of " + series, e);
        }
    }

    @Override
    public void delete(String series, String name) throws IOException {
        check(series, name);
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + PostgresSchema.BLOBS + " WHERE series = ? AND name = ?")) {
            ps.setString(1, series);
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("cannot delete blob " + series + "/" + name, e);
        }
    }

    @Override
    public Map<String, byte[]> all(String name) throws IOException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT series, data FROM " + PostgresSchema.BLOBS + " WHERE name = ?")) {
            ps.setString(1, name);
            Map<String, byte[]> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read every series' " + name, e);
        }
    }

    /** Whether the database answers now (the readiness check). */
    public boolean reachable() {
        return store.reachable();
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
