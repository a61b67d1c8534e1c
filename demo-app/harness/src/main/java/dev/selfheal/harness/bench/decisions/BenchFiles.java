package dev.selfheal.harness.bench.decisions;

import dev.selfheal.harness.bench.decisions.Truth.History;
import java.util.List;

/**
 * The rules file and the playbooks file the bench generates. Rules: coarse, quick to fire on any
 * error burst ({@code for: 0s}), one group per cadence, like rules/selfheal-demo.rules.yml, and a
 * probe group that fires at each level step's probe time with label {@code probe="step"}.
 * Playbooks: one per history (each its own HTTP target, so cooldowns and limits are per
 * service), with the shipped HTTP playbook's settings for its cadence.
 */
final class BenchFiles {

    static final String ALERT = "BenchErrorRate";

    private BenchFiles() {
    }

    static String rules() {
        StringBuilder y = new StringBuilder("groups:\n");
        for (Cadence c : Cadence.values()) {
            y.append("  - name: bench-").append(c.name().toLowerCase(java.util.Locale.ROOT)).append('\n')
                    .append("    interval: ").append(c.ruleInterval).append("s\n")
                    .append("    rules:\n")
                    .append("      - alert: ").append(ALERT).append('\n')
                    .append("        expr: sum by (job) (rate(bench_http_errors_total{cadence=\"").append(c.label)
                    .append("\"}[").append(c.ruleWindow).append("s])) / sum by (job) (rate(bench_http_requests_total{cadence=\"")
                    .append(c.label).append("\"}[").append(c.ruleWindow).append("s])) > ").append(c.ruleThreshold).append('\n')
                    .append("        for: 0s\n")
                    .append("        keep_firing_for: ").append(c.keepFiringFor).append("s\n")
                    .append("        labels:\n          severity: critical\n");
        }
        y.append("""
                  - name: bench-probe
                    interval: 15s
                    rules:
                      - alert: %s
                        expr: max by (job) (bench_probe) > 0
                        for: 0s
                        labels:
                          severity: critical
                          probe: step
                """.formatted(ALERT));
        return y.toString();
    }

    static String playbooks(List<History> histories) {
        StringBuilder y = new StringBuilder("http:\n  allow:\n    - http://127.0.0.1:18080/admin/\nplaybooks:\n");
        for (History h : histories) {
            Cadence c = h.cadence();
            y.append("""
                      - name: bench-%1$s
                        match: '{alertname="%2$s", job="%1$s"}'
                        confirm:
                          query: '%3$s'
                          window: 30m
                          step: %4$ds
                          threshold: 0.5
                          persist: %5$ds
                          onScorerUnavailable: page
                        target:
                          kind: http
                          url: http://127.0.0.1:18080/admin/%1$s/restart
                        actions:
                          - type: http
                            method: POST
                            timeout: 5s
                            idempotentTarget: true
                        mode: auto
                        cooldown: %6$ds
                        maxPerHour: 5
                        verify:
                          settle: %7$ds
                          check: scorer
                          timeout: 3m
                    """.formatted(h.job(), ALERT, c.confirmQuery(), c.step, c.persist, c.cooldown, c.settle));
        }
        return y.toString();
    }
}
