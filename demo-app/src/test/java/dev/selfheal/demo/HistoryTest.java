package dev.selfheal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static final Instant END = Instant.parse("2026-12-02T12:00:00Z");

    private static List<String> samples(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "{")).toList();
    }

    private static long value(String line) {
        return Long.parseLong(line.split(" ")[1]);
    }

    @Test
    void oneSampleASecondOfBothCountersEndingAtTheGivenSecondInOpenMetrics() throws Exception {
        StringWriter out = new StringWriter();
        new History("demo-app", "127.0.0.1:18080", 25, 7).write(END, Duration.ofMinutes(10), out);
        String text = out.toString();
        assertThat(text).endsWith("# EOF\n").contains("# TYPE http_requests counter", "# TYPE http_errors counter");
        List<String> requests = samples(text, "http_requests_total");
        List<String> errors = samples(text, "http_errors_total");
        assertThat(requests).hasSize(600).allSatisfy(l -> assertThat(l).contains(
                "job=\"demo-app\"", "instance=\"127.0.0.1:18080\"", "method=\"GET\"", "endpoint=\"/api/work\""));
        assertThat(errors).hasSize(600);
        assertThat(requests.get(599)).endsWith(" " + END.getEpochSecond());
        assertThat(requests.get(0)).endsWith(" " + (END.getEpochSecond() - 599));
        assertThat(value(requests.get(599))).isEqualTo(600L * 25);
        for (int i = 1; i < 600; i++) {
            assertThat(value(errors.get(i))).isGreaterThanOrEqualTo(value(errors.get(i - 1)));
        }
    }

    @Test
    void theErrorRatioIsTheServicesNormalBaseline() throws Exception {
        StringWriter out = new StringWriter();
        new History("demo-app", "127.0.0.1:18080", 25, 11).write(END, Duration.ofHours(1), out);
        String text = out.toString();
        long requests = value(samples(text, "http_requests_total").get(3599));
        long errors = value(samples(text, "http_errors_total").get(3599));
        double ratio = (double) errors / requests;
        // the baseline drifts uniformly between 0 and 9%: its mean is near 4.5%, never near the 10% rule
        assertThat(ratio).isBetween(0.03, 0.06);
        // and no minute is over the coarse rule's 10%
        List<String> e = samples(text, "http_errors_total");
        for (int m = 60; m < 3600; m += 60) {
            assertThat((value(e.get(m)) - value(e.get(m - 60))) / (60.0 * 25)).isLessThan(0.1);
        }
    }
}
