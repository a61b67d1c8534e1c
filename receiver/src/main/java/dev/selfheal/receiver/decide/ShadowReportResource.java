package dev.selfheal.receiver.decide;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.api.TimeArg;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.store.Transactions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/shadow?since=}: what the shadow decisions say auto mode would have done, per
 * playbook: how many alerts it would have acted on, on which targets, at which scores, and how many
 * of those alerts resolved with nothing run (a human, or the fault itself, fixed them). A shadow
 * decision passes every check auto mode passes (see {@link DecisionPolicy} and the actions'
 * refusal checks), so a would-run here is one auto mode would have run; the decisions where shadow
 * mode was held back are counted beside it. Test alerts are left out. Same auth as the episodes API.
 */
@Path("/api/v1/shadow")
@Produces(MediaType.APPLICATION_JSON)
public class ShadowReportResource {

    private final Transactions transactions;
    private final PlaybookRegistry playbooks;
    private final Clock clock;

    public ShadowReportResource(Transactions transactions, PlaybookRegistry playbooks, Clock clock) {
        this.transactions = transactions;
        this.playbooks = playbooks;
        this.clock = clock;
    }

    /** One would-run decision. */
    private record WouldRun(String playbook, String target, Double score, String status) {
    }

    @GET
    public Map<String, Object> report(@QueryParam("since") String since) {
        Instant from = since(since);
        List<WouldRun> rows = new ArrayList<>();
        Map<String, Map<String, Integer>> heldBack = new TreeMap<>();
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.playbook, d.target, d.score, e.status, d.kind "
                    + "FROM episode_decision d JOIN episode e ON e.id = d.episode_id "
                    + "WHERE d.decided_at >= ? AND d.test_alert = FALSE ORDER BY d.decided_at")) {
                ps.setObject(1, from.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double score = rs.getDouble(3);
                        Double s = rs.wasNull() ? null : score;
                        String kind = rs.getString(5);
                        if (kind.equals("SHADOW")) {
                            rows.add(new WouldRun(rs.getString(1), rs.getString(2), s, rs.getString(4)));
                        } else if (shadowPlaybook(rs.getString(1)) && (kind.equals("PAGE_ONLY")
                                || kind.equals("SUPPRESSED"))) {
                            heldBack.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                                    .merge(kind.toLowerCase(Locale.ROOT), 1, Integer::sum);
                        }
                    }
                }
            }
            return null;
        });
        Map<String, List<WouldRun>> byPlaybook = new TreeMap<>();
        rows.forEach(r -> byPlaybook.computeIfAbsent(r.playbook(), k -> new ArrayList<>()).add(r));
        heldBack.keySet().forEach(p -> byPlaybook.computeIfAbsent(p, k -> new ArrayList<>()));
        List<Map<String, Object>> report = new ArrayList<>();
        byPlaybook.forEach((name, mine) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("playbook", name);
            p.put("mode", playbooks.find(name).map(pb -> pb.mode().name().toLowerCase(Locale.ROOT)).orElse("removed"));
            p.put("wouldRun", mine.size());
            Map<String, Integer> targets = new TreeMap<>();
            mine.forEach(r -> targets.merge(r.target() == null ? "?" : r.target(), 1, Integer::sum));
            p.put("targets", targets);
            p.put("scores", scores(mine));
            p.put("resolvedWithoutAction", mine.stream().filter(r -> "resolved".equals(r.status())).count());
            p.put("stillFiring", mine.stream().filter(r -> "firing".equals(r.status())).count());
            p.put("heldBack", heldBack.getOrDefault(name, Map.of()));
            report.add(p);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("since", from.toString());
        answer.put("playbooks", report);
        return answer;
    }

    private boolean shadowPlaybook(String name) {
        return playbooks.find(name).map(p -> p.mode() == Playbook.Mode.SHADOW).orElse(false);
    }

    private static Map<String, Object> scores(List<WouldRun> rows) {
        double[] s = rows.stream().map(WouldRun::score).filter(x -> x != null).mapToDouble(Double::doubleValue)
                .sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.length > 0) {
            out.put("min", s[0]);
            out.put("median", s[s.length / 2]);
            out.put("max", s[s.length - 1]);
        }
        return out;
    }

    /** RFC 3339, or a time before now like {@code 7d}, {@code -24h}, {@code 90m}; 7 days ago by default. */
    private Instant since(String text) {
        if (text == null || text.isBlank()) {
            return clock.instant().minus(Duration.ofDays(7));
        }
        try {
            return TimeArg.parse(text.strip(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_parameter", "since: " + e.getMessage());
        }
    }
}
