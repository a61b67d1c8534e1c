package dev.selfheal.scorer.prometheus;

import java.util.Map;

/**
 * One series of a range answer: its labels, timestamps (epoch seconds) and values as Prometheus
 * sent them, NaN and ±Inf included.
 */
public record Series(Map<String, String> labels, double[] timestamps, double[] values) {
}
