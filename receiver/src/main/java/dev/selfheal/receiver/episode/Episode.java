package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One occurrence of an alert, keyed by (fingerprint, startsAt), as the episodes API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Episode(
        long id,
        String fingerprint,
        String status,
        String alertname,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String alertmanagerURL,
        Instant createdAt,
        Instant updatedAt,
        List<TimelineEntry> timeline) {

    /**
     * The label that makes an alert a test: every matching playbook decides as in shadow mode,
     * nothing runs and nothing goes to PagerDuty. Alertmanager keeps it, so
     * {@code amtool alert add … selfheal_test=true} makes one too.
     */
    public static final String TEST_LABEL = "selfheal_test";

    /** Whether this episode is a test ({@value #TEST_LABEL}="true"); shown as {@code test} by the API. */
    @JsonProperty("test")
    public boolean test() {
        return labels != null && "true".equals(labels.get(TEST_LABEL));
    }
}
