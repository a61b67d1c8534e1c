package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One entry of an episode's timeline, one record per kind, each with only its own fields (the
 * API shows {@code kind} with them): a {@link Delivery} from Alertmanager, a playbook's
 * {@link Decision} (with the scorer's answer: what decided and why, the window's chart data), a
 * {@link Remediation} (its state, outcome and approval, and its id for approvals), an
 * {@link Action} (an execution with the target's before and after), a {@link Verification} and a
 * {@link PagerDuty} event with its delivery state.
 */
public sealed interface TimelineEntry {

    Instant at();

    @JsonProperty("kind")
    String kind();

    String status();

    /** The playbook the entry belongs to; null for a delivery. */
    default String playbook() {
        return null;
    }

    /** What the entry says in words; null for a delivery. */
    default String reason() {
        return null;
    }

    /** A webhook delivery: the alert's {@code status} then, when it ends, the group it came in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record Delivery(Instant at, String status, Instant endsAt, String groupKey, String receiver,
                    Integer truncatedAlerts) implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "delivery";
        }
    }

    /**
     * A playbook's decision ({@code status}: REMEDIATE, SUPPRESSED…) with the score, the query, the
     * {@code model} that decided and the scorer's answer in {@code scorer}; {@code waitedUntil} when
     * the playbook's persistence wait ended.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record Decision(Instant at, String status, String playbook, String reason, Double score, String query,
                    String model, @JsonRawValue String scorer, Instant waitedUntil) implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "decision";
        }
    }

    /** A remediation's state ({@code status}), its outcome and approval ({@code reason}), its {@code id}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record Remediation(Instant at, String status, String playbook, String reason, Long id) implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "remediation";
        }
    }

    /** An action's execution: its state, its result ({@code reason}), what it touched and the target before and after. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record Action(Instant at, String status, String playbook, String reason, String target, String before,
                  String after) implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "action";
        }
    }

    /**
     * A verification: {@code status} healed or not-healed, and why; {@code scorerBackAt} when the
     * scorer saw the series back inside its band (the first point of that run), when it did.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record Verification(Instant at, String status, String playbook, String reason, Instant scorerBackAt)
            implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "verification";
        }
    }

    /** A PagerDuty event: its action in {@code status}, its delivery state in {@code reason}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"at", "kind"})
    record PagerDuty(Instant at, String status, String playbook, String reason, String dedupKey)
            implements TimelineEntry {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "pagerduty";
        }
    }
}
