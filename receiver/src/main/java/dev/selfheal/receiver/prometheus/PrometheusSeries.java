package dev.selfheal.receiver.prometheus;

import java.util.Map;

/**
 * One series of a Prometheus answer: its labels ({@code __name__} left out) and its samples,
 * oldest first.
 *
 * @param millis the samples' times, epoch milliseconds
 */
public record PrometheusSeries(Map<String, String> labels, long[] millis, double[] values) {
}
