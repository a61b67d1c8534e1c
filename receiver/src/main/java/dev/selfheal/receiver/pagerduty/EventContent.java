package dev.selfheal.receiver.pagerduty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one PagerDuty event says, before it is shaped into the Events v2 body. */
public record EventContent(String summary, String severity, String source, String component, String group,
                           String eventClass, Instant timestamp, Map<String, Object> customDetails, List<Link> links,
                           List<Image> images) {

    public EventContent(String summary, String severity, String source, String component, String group,
                        String eventClass, Instant timestamp, Map<String, Object> customDetails, List<Link> links) {
        this(summary, severity, source, component, group, eventClass, timestamp, customDetails, links, List.of());
    }

    public record Link(String href, String text) {
    }

    /** An image PagerDuty shows on the incident (https only): {@code src}, where a click goes, its alt text. */
    public record Image(String src, String href, String alt) {
    }
}
