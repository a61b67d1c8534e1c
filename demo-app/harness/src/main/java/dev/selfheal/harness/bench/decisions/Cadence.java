package dev.selfheal.harness.bench.decisions;

/**
 * How a generated service is scraped, and what follows from it: its alerting rule (coarse, quick
 * to fire, {@code for: 0s}), its playbook's confirm block (the shipped HTTP playbook's shape) and
 * its verification. Every duration in seconds.
 *
 * <p>{@code keepFiringFor} stands for the time a resolve takes to reach the receiver (Alertmanager's
 * group interval): without it a blip's alert would resolve before the decision and the backtest
 * would never ask the scorer about it.
 */
enum Cadence {

    /** Scraped every second, like demo-app: a 3 s rate every 2 s, 10 s persistence (the shipped playbook). */
    FAST("1s", 1, 2, 3, 1, 5, 0.25, 10, 5, 60, 300),
    /** Scraped every 15 s: a 1 m rate every 15 s, persistence of 8 steps. */
    SLOW("15s", 15, 15, 60, 15, 60, 0.2, 120, 30, 120, 600);

    /** The value of the series' {@code cadence} label. */
    final String label;
    final int scrape;
    /** The confirm query's step. */
    final int step;
    /** The confirm query's rate window. */
    final int rateWindow;
    final int ruleInterval;
    final int ruleWindow;
    final double ruleThreshold;
    /** {@code confirm.persist}. */
    final int persist;
    /** {@code verify.settle}. */
    final int settle;
    final int keepFiringFor;
    final int cooldown;

    Cadence(String label, int scrape, int step, int rateWindow, int ruleInterval, int ruleWindow, double ruleThreshold,
            int persist, int settle, int keepFiringFor, int cooldown) {
        this.label = label;
        this.scrape = scrape;
        this.step = step;
        this.rateWindow = rateWindow;
        this.ruleInterval = ruleInterval;
        this.ruleWindow = ruleWindow;
        this.ruleThreshold = ruleThreshold;
        this.persist = persist;
        this.settle = settle;
        this.keepFiringFor = keepFiringFor;
        this.cooldown = cooldown;
    }

    /** When the confirm query's values are back after a burst whose last elevated scrape is {@code end}: its rate window and one scrape later. */
    long back(long end) {
        return end + rateWindow + scrape;
    }

    /** The latest time the confirm query's values may be back for a burst starting at {@code start} to be a blip: decision time minus one step. */
    long blipDeadline(long start) {
        return start + persist - step;
    }

    /** The confirm query, as a playbook template over the job label. */
    String confirmQuery() {
        return "sum(rate(bench_http_errors_total{job=\"{{ .job }}\"}[" + rateWindow + "s])) / "
                + "sum(rate(bench_http_requests_total{job=\"{{ .job }}\"}[" + rateWindow + "s]))";
    }

    /** The confirm query for one job, as the receiver renders it. */
    String confirmQuery(String job) {
        return confirmQuery().replace("{{ .job }}", job);
    }
}
