package dev.selfheal.receiver.metrics;

import dev.selfheal.receiver.store.Transactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Gauges read from the store when Prometheus scrapes, for selfheal's own alerts
 * (rules/selfheal-self.rules.yml): {@code selfheal_pipeline_work_due} (work items due and not
 * taken), {@code selfheal_pipeline_oldest_due_age_seconds} (how long the oldest has waited),
 * {@code selfheal_paused} (1 while the kill switch is on) and {@code selfheal_paused_for_seconds}.
 * The store is shared, so every replica reports the same values. NaN when the store cannot answer.
 */
@ApplicationScoped
@Startup
public class StateGauges {

    private static final Logger LOG = Logger.getLogger(StateGauges.class);

    private final Transactions transactions;
    private final Clock clock;

    public StateGauges(MeterRegistry registry, Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        Gauge.builder("selfheal.pipeline.work.due", this, g -> g.workDue()[0])
                .description("Pipeline work items due and not taken by a worker").register(registry);
        Gauge.builder("selfheal.pipeline.oldest.due.age", this, g -> g.workDue()[1]).baseUnit("seconds")
                .description("How long the oldest due pipeline work item has waited").register(registry);
        Gauge.builder("selfheal.paused", this, g -> g.paused()[0])
                .description("1 while the kill switch is on (the API's pause)").register(registry);
        Gauge.builder("selfheal.paused.for", this, g -> g.paused()[1]).baseUnit("seconds")
                .description("How long the kill switch has been on; 0 when off").register(registry);
    }

    /** The due items' count and the oldest one's wait in seconds. */
    double[] workDue() {
        try {
            return transactions.inTransaction(c -> {
                OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(due_at) FROM pipeline_work "
                        + "WHERE due_at <= ? AND (leased_until IS NULL OR leased_until < ?)")) {
                    ps.setObject(1, now);
                    ps.setObject(2, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                        return new double[] {rs.getLong(1),
                                oldest == null ? 0 : Duration.between(oldest.toInstant(), now.toInstant()).toMillis() / 1000.0};
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("pipeline gauges unavailable: %s", e.getMessage());
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** 1 or 0, and for how long in seconds. */
    double[] paused() {
        try {
            return transactions.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT enabled, updated_at FROM control_switch WHERE name = 'paused'")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !rs.getBoolean(1)) {
                            return new double[] {0, 0};
                        }
                        OffsetDateTime since = rs.getObject(2, OffsetDateTime.class);
                        return new double[] {1, Duration.between(since.toInstant(), clock.instant()).toMillis() / 1000.0};
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("pause gauges unavailable: %s", e.getMessage());
            return new double[] {Double.NaN, Double.NaN};
        }
    }
}
