package dev.selfheal.receiver.remediation;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The kill switch: paused in configuration ({@code SELFHEAL_SAFETY_PAUSED=true}) or through the
 * API, stored so every replica sees it. While paused, decisions page instead of acting and
 * actions already due wait.
 */
@ApplicationScoped
public class PauseSwitch {

    private static final String NAME = "paused";

    private final Transactions transactions;
    private final ReceiverConfig config;
    private final Clock clock;

    public PauseSwitch(Transactions transactions, ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    public boolean paused() {
        return config.safety().paused() || stored();
    }

    public boolean pausedByConfiguration() {
        return config.safety().paused();
    }

    private boolean stored() {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT enabled FROM control_switch WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /** The stored switch: on or off, who set it, when and why (empty when nobody ever did). */
    public record State(boolean paused, String by, String reason, Instant since) {
    }

    public Optional<State> state() {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT enabled, set_by, reason, updated_at FROM control_switch WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new State(rs.getBoolean(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant())) : Optional.<State>empty();
                }
            }
        });
    }

    /**
     * Sets the switch in the caller's transaction (with what else it records: {@code act.KillSwitch}),
     * recording who ({@code by}: an operator's name) and why.
     */
    public void set(Connection c, boolean paused, String by, String reason) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE control_switch SET enabled = ?, reason = ?, updated_at = ?, set_by = ? WHERE name = ?")) {
            up.setBoolean(1, paused);
            up.setString(2, reason);
            up.setObject(3, now);
            up.setString(4, by);
            up.setString(5, NAME);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement(
                "INSERT INTO control_switch (name, enabled, reason, updated_at, set_by) VALUES (?, ?, ?, ?, ?)")) {
            in.setString(1, NAME);
            in.setBoolean(2, paused);
            in.setString(3, reason);
            in.setObject(4, now);
            in.setString(5, by);
            in.executeUpdate();
        }
    }
}
