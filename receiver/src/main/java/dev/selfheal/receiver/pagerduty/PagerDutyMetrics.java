package dev.selfheal.receiver.pagerduty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** selfheal_pagerduty_*: events delivered, retried and dead-lettered, queue depth, delivery latency. */
@ApplicationScoped
public class PagerDutyMetrics {

    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;
    private final Timer latency;

    public PagerDutyMetrics(MeterRegistry registry, OutboxQueries queries) {
        this.delivered = Counter.builder("selfheal_pagerduty_events_delivered").register(registry);
        this.retried = Counter.builder("selfheal_pagerduty_events_retried").register(registry);
        this.dead = Counter.builder("selfheal_pagerduty_events_dead").register(registry);
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
}
