package dev.selfheal.receiver.slack;

import dev.selfheal.receiver.auth.Operators;
import dev.selfheal.receiver.store.StoreUnavailableException;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The signed clicks already received, kept in the store ({@code slack_interaction}: the SHA-256 of
 * the signature) for twice the five minutes a signature is accepted, on every replica: the same
 * request sent again is a replay and changes nothing.
 */
@ApplicationScoped
public class SlackReplays {

    private final Transactions transactions;
    private final Clock clock;

    public SlackReplays(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Records the signature; false when it was received before. */
    public boolean firstTime(String signature) {
        String key = Operators.sha256(signature);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try {
            return transactions.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM slack_interaction WHERE received_at < ?")) {
                    ps.setObject(1, now.minus(SlackSignature.TOLERANCE.multipliedBy(2)));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM slack_interaction WHERE signature_key = ?")) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO slack_interaction (signature_key, received_at) VALUES (?, ?)")) {
                    ps.setString(1, key);
                    ps.setObject(2, now);
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (StoreUnavailableException e) {
            if (e.getCause() instanceof SQLException sql && Transactions.isUniqueViolation(sql)) {
                return false; // another replica took the same request a moment before
            }
            throw e;
        }
    }
}
