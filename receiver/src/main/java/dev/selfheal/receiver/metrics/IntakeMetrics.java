package dev.selfheal.receiver.metrics;

import dev.selfheal.receiver.domain.AlertStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The intake's own metrics: {@code selfheal_webhook_requests_total{code}},
 * {@code selfheal_alerts_received_total{status}}, {@code selfheal_alert_duplicates_total},
 * {@code selfheal_alerts_recorded_total}, {@code selfheal_alerts_truncated_total} and the {@code selfheal_webhook_duration_seconds} histogram.
 */
@ApplicationScoped
public class IntakeMetrics {

    private final MeterRegistry registry;
    private final Counter firing;
    private final Counter resolved;
    private final Counter duplicates;
    private final Counter recorded;
    private final Counter truncated;
    private final Timer duration;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firing = alerts(AlertStatus.FIRING);
        this.resolved = alerts(AlertStatus.RESOLVED);
        this.duplicates = Counter.builder("selfheal.alert.duplicates")
                .description("Alert deliveries already recorded (re-sends, repeats, HA peers)").register(registry);
        this.recorded = Counter.builder("selfheal.alerts.recorded")
                .description("Alert deliveries recorded in episode timelines (new episodes and state changes)")
                .register(registry);
        this.truncated = Counter.builder("selfheal.alerts.truncated")
                .description("Alerts Alertmanager left out of webhooks (truncatedAlerts)").register(registry);
        this.duration = Timer.builder("selfheal.webhook.duration")
                .description("Time to answer a webhook").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter alerts(AlertStatus status) {
        return Counter.builder("selfheal.alerts.received").tag("status", status.wireName())
                .description("Alerts received in accepted webhooks, by their own status").register(registry);
    }

    public void received(AlertStatus status) {
        (status == AlertStatus.FIRING ? firing : resolved).increment();
    }

    public void duplicates(int count) {
        duplicates.increment(count);
    }

    public void recorded(int count) {
        recorded.increment(count);
    }

    public void truncated(int count) {
        truncated.increment(count);
    }

    public void answered(int code, long nanos) {
        registry.counter("selfheal.webhook.requests", "code", Integer.toString(code)).increment();
        duration.record(Duration.ofNanos(nanos));
    }
}
