package dev.selfheal.receiver.pagerduty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** selfheal_pagerduty_*: events delivered, retried, dead-lettered and in doubt, queue depth, delivery latency. */
@ApplicationScoped
public class PagerDutyMetrics {

    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;
    private final Counter confirmed;
    private final Counter resent;
    private final Timer latency;

    public PagerDutyMetrics(MeterRegistry registry, OutboxQueries queries) {
        this.delivered = Counter.builder("selfheal_pagerduty_events_delivered").register(registry);
        this.retried = Counter.builder("selfheal_pagerduty_events_retried").register(registry);
        this.dead = Counter.builder("selfheal_pagerduty_events_dead").register(registry);
        this.confirmed = Counter.builder("selfheal_pagerduty_events_confirmed_in_doubt")
                .description("events whose attempt had no answer, found at PagerDuty by the REST API: not sent again")
                .register(registry);
        this.resent = Counter.builder("selfheal_pagerduty_events_resent_in_doubt")
                .description("events whose attempt had no answer, sent again without knowing (no REST API token, or it "
                        + "could not tell): PagerDuty may see them twice").register(registry);
        this.latency = Timer.builder("selfheal_pagerduty_delivery_latency")
                .description("from the event's creation to PagerDuty's 202").register(registry);
        Gauge.builder("selfheal_pagerduty_events_queued", queries, OutboxQueries::pendingCount)
                .description("events waiting in the outbox").register(registry);
    }

    void delivered(Duration sinceCreated) {
        delivered.increment();
        latency.record(sinceCreated);
    }

    void retried() {
        retried.increment();
    }

    void dead() {
        dead.increment();
    }

    void confirmedInDoubt() {
        confirmed.increment();
    }

    void resentInDoubt() {
        resent.increment();
    }
}
