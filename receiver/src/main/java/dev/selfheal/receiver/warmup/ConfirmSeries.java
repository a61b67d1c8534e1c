package dev.selfheal.receiver.warmup;

import dev.selfheal.receiver.playbook.Matcher;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The confirm series the scorer should have replayed before an alert asks for them: each
 * playbook's confirm query as it is written when it has no placeholders, or rendered with the
 * label sets of recent alerts that playbook matches (a templated query names no series until an
 * alert fills it in), or with the labels its match pins to one value ({@code job="demo-app"}: the
 * series is known before any alert). Pure: the playbooks and label sets are given.
 */
public final class ConfirmSeries {

    /** Rendered queries per playbook at most (a bound on what one playbook can ask the scorer for). */
    public static final int MAX_PER_PLAYBOOK = 50;

    /** One series query at its step, as the decide stage would ask for it. */
    public record Query(String query, Duration step) {
    }

    private ConfirmSeries() {
    }

    /** The labels the playbook's match fixes to one value (its equality matchers). */
    static Map<String, String> pinned(Playbook p) {
        Map<String, String> pinned = new java.util.HashMap<>();
        for (Matcher m : p.match()) {
            if (m.op() == Matcher.Op.EQ) {
                pinned.put(m.name(), m.value());
            }
        }
        return pinned;
    }

    public static Set<Query> of(List<Playbook> playbooks, Collection<Map<String, String>> recentLabels) {
        Set<Query> out = new LinkedHashSet<>();
        for (Playbook p : playbooks) {
            Playbook.Confirm confirm = p.confirm();
            if (confirm == null) {
                continue;
            }
            if (confirm.query().labels().isEmpty()) {
                out.add(new Query(confirm.query().text(), confirm.step()));
                continue;
            }
            Map<String, String> pinned = pinned(p);
            if (pinned.keySet().containsAll(confirm.query().labels())) {
                out.add(new Query(confirm.query().render(pinned), confirm.step())); // the match names the one series
                continue;
            }
            int added = 0;
            for (Map<String, String> labels : recentLabels) {
                if (added >= MAX_PER_PLAYBOOK) {
                    break;
                }
                if (!p.matches(labels) || !labels.keySet().containsAll(confirm.query().labels())) {
                    continue;
                }
                if (out.add(new Query(confirm.query().render(labels), confirm.step()))) {
                    added++;
                }
            }
        }
        return out;
    }
}
