package dev.selfheal.receiver.episode;

import dev.selfheal.receiver.domain.RejectedAlert;
import dev.selfheal.receiver.store.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The intake's dead letters: what was accepted and cannot become an episode, with its reason.
 * Each is written inside the transaction that records the rest of its webhook (or moves the
 * journal past it), so it is kept exactly when the rest is. A dead letter is keyed by a hash of
 * its kind and body: the same bad alert delivered again is one row, re-opened with the newest
 * reason. {@code selfheal_intake_dead_letters_total{kind}} counts new rows after their commit.
 */
@ApplicationScoped
public class DeadLetters {

    private final Transactions transactions;
    private final Counter alerts;
    private final Counter webhooks;

    public DeadLetters(Transactions transactions, MeterRegistry registry) {
        this.transactions = transactions;
        this.alerts = counter(registry, DeadLetter.KIND_ALERT);
        this.webhooks = counter(registry, DeadLetter.KIND_WEBHOOK);
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder("selfheal.intake.dead.letters").tag("kind", kind)
                .description("Accepted alerts (kind=alert) and journaled webhooks (kind=webhook) that could not "
                        + "become episodes and were kept as dead letters").register(registry);
    }

    /** Keeps a webhook's rejected alerts; how many were new. */
    int addRejected(Connection c, List<RejectedAlert> rejected, Instant at) throws SQLException {
        int added = 0;
        for (RejectedAlert r : rejected) {
            if (add(c, DeadLetter.KIND_ALERT, r.reason(), r.alertname(), r.index(), null, r.body(), at)) {
                added++;
            }
        }
        return added;
    }

    /** Keeps a journaled webhook the store refused; true when it is a new dead letter. */
    public boolean addWebhook(Connection c, String reason, long position, byte[] body, Instant at) throws SQLException {
        return add(c, DeadLetter.KIND_WEBHOOK, reason, null, null, position, body, at);
    }

    /** Counts dead letters once the transaction that added them has committed. */
    public void committed(String kind, int added) {
        (DeadLetter.KIND_ALERT.equals(kind) ? alerts : webhooks).increment(added);
    }

    private boolean add(Connection c, String kind, String reason, String alertname, Integer index, Long position,
                        byte[] body, Instant at) throws SQLException {
        String key = key(kind, body);
        OffsetDateTime now = at.atOffset(ZoneOffset.UTC);
        try (PreparedStatement update = c.prepareStatement("UPDATE intake_dead_letter SET status = ?, reason = ?, "
                + "updated_at = ? WHERE dedup_key = ?")) {
            update.setString(1, DeadLetter.OPEN);
            update.setString(2, reason);
            update.setObject(3, now);
            update.setString(4, key);
            if (update.executeUpdate() > 0) {
                return false;
            }
        }
        Optional<String> text = text(body);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO intake_dead_letter (dedup_key, kind, status, "
                + "reason, alertname, alert_index, journal_position, body, body_encoding, created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, key);
            ps.setString(2, kind);
            ps.setString(3, DeadLetter.OPEN);
            ps.setString(4, reason);
            ps.setString(5, alertname);
            ps.setObject(6, index);
            ps.setObject(7, position);
            ps.setString(8, text.orElseGet(() -> Base64.getEncoder().encodeToString(body)));
            ps.setString(9, text.isPresent() ? "json" : "base64");
            ps.setObject(10, now);
            ps.setObject(11, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                // a concurrent delivery of the same bad alert added it first: retried as a conflict
                throw new SQLException("a concurrent webhook added the same dead letter; trying again", "40001", e);
            }
            throw e;
        }
        return true;
    }

    /** The body as text when it is valid UTF-8 without NUL (any store holds it); else empty (base64). */
    private static Optional<String> text(byte[] body) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return s.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(s);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String key(String kind, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    public List<DeadLetter> list(Optional<String> status, int limit) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM intake_dead_letter"
                    + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY id DESC LIMIT " + limit)) {
                if (status.isPresent()) {
                    ps.setString(1, status.get());
                }
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs).withoutBody());
                    }
                }
                return out;
            }
        });
    }

    public Optional<DeadLetter> find(long id) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM intake_dead_letter WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<DeadLetter>empty();
                }
            }
        });
    }

    /** Dead letters still open (the readiness data, the operator's to-do list). */
    public long open() {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM intake_dead_letter WHERE status = ?")) {
                ps.setString(1, DeadLetter.OPEN);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Marks a dead letter re-driven; false when it was not open. */
    public boolean markRetried(long id, Instant at) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE intake_dead_letter SET status = ?, retried_at = ?, "
                    + "updated_at = ? WHERE id = ? AND status = ?")) {
                OffsetDateTime now = at.atOffset(ZoneOffset.UTC);
                ps.setString(1, DeadLetter.RETRIED);
                ps.setObject(2, now);
                ps.setObject(3, now);
                ps.setLong(4, id);
                ps.setString(5, DeadLetter.OPEN);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Opens a dead letter again (its re-drive failed before it was accepted). */
    public void reopen(long id, Instant at) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE intake_dead_letter SET status = ?, retried_at = NULL, "
                    + "updated_at = ? WHERE id = ?")) {
                ps.setString(1, DeadLetter.OPEN);
                ps.setObject(2, at.atOffset(ZoneOffset.UTC));
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    private static final String COLUMNS = "id, kind, status, reason, alertname, alert_index, journal_position, "
            + "created_at, updated_at, retried_at, body_encoding, body";

    private static DeadLetter row(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, Integer.class), rs.getObject(7, Long.class), instant(rs, 8),
                instant(rs, 9), instant(rs, 10), rs.getString(11), rs.getString(12));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
