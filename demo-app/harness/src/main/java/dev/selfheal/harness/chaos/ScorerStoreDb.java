package dev.selfheal.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL database of one {@code chaos scorers} run: created with a name of its own (so a
 * run never meets the tests' tables or another run's), read for what the scorers stored (their
 * series index, model versions and training leases), and dropped at the end. PostgreSQL on
 * 127.0.0.1:5432 with trust auth for {@code postgres}, as {@code chaos ha} expects.
 */
final class ScorerStoreDb implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;

    private ScorerStoreDb(String name) {
        this.name = name;
    }

    /** Creates {@code selfheal_chaos_scorers_<pid>_<time>} from the {@code test} database. */
    static ScorerStoreDb create() throws SQLException {
        String name = "selfheal_chaos_scorers_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new ScorerStoreDb(name);
    }

    String jdbcUrl() {
        return SERVER + name;
    }

    /** Training leases ({@code train:…}) the replica holds now, on the database's clock; 0 before the tables exist. */
    int trainingLeases(String replica) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM scorer_leases "
                + "WHERE holder = ? AND key LIKE 'train:%' AND expires_at > now()")) {
            ps.setString(1, replica);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Each listed series' id by its query (the store's {@code series.json} index). */
    Map<String, String> seriesIds() throws SQLException, IOException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT series, data FROM scorer_blobs WHERE name = 'series.json'")) {
            while (rs.next()) {
                JsonNode index = JSON.readTree(rs.getBytes(2));
                out.put(index.path("query").asText(), rs.getString(1));
            }
        }
        return out;
    }

    /** Series ids with at least one saved model version ({@code v<N>}). */
    Set<String> seriesWithModels() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT series FROM scorer_blobs WHERE name ~ '^v[0-9]+$'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, null);
    }

    /** Drops the run's database (its connections closed by force: a killed scorer's may linger). */
    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
