package dev.selfheal.receiver.pagerduty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one PagerDuty event says, before it is shaped into the Events v2 body. */
public record EventContent(String summary, String severity, String source, String component, String group,
                           String eventClass, Instant timestamp, Map<String, Object> customDetails, List<Link> links) {

    public record Link(String href, String text) {
    }
}
