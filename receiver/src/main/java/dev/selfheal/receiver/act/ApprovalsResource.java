package dev.selfheal.receiver.act;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import dev.selfheal.receiver.store.Transactions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Approve mode: {@code GET /api/v1/actions} lists remediations waiting for approval;
 * {@code POST /api/v1/actions/{id}/approve} and {@code /reject} decide one, as a compare-and-swap
 * (approving twice runs it once: the second answer is 409). An approval older than
 * {@code selfheal.approvals.expire-after} expires instead ({@link ApprovalExpiry} also expires them
 * on a schedule).
 */
@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {

    private final Transactions transactions;
    private final ReceiverConfig config;
    private final Clock clock;

    public ApprovalsResource(Transactions transactions, ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    @GET
    public Map<String, List<Remediation>> waiting() {
        return Map.of("actions", transactions.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM remediation WHERE state = 'AWAITING_APPROVAL' ORDER BY id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<Remediation> result = new ArrayList<>();
            for (long id : ids) {
                RemediationStore.byId(c, id, false).ifPresent(result::add);
            }
            return result;
        }));
    }

    @POST
    @Path("{id}/approve")
    public Map<String, Object> approve(@PathParam("id") String id) {
        return decide(id, true);
    }

    @POST
    @Path("{id}/reject")
    public Map<String, Object> reject(@PathParam("id") String id) {
        return decide(id, false);
    }

    private Map<String, Object> decide(String rawId, boolean approve) {
        long id;
        try {
            id = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_parameter", "the action id must be a number");
        }
        String[] refusal = new String[1];
        Remediation.State state = transactions.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            Remediation r = RemediationStore.byId(c, id, true).orElse(null);
            if (r == null) {
                refusal[0] = "404";
                return null;
            }
            if (r.state() != Remediation.State.AWAITING_APPROVAL) {
                return r.state();
            }
            if (ApprovalExpiry.expireIfDue(c, r, config.approvals().expireAfter(), now)) {
                return Remediation.State.EXPIRED;
            }
            Remediation.State to = approve ? Remediation.State.ACTING : Remediation.State.REJECTED;
            RemediationStore.transition(c, id, r.state(), r.actionIndex(), to, r.actionIndex(), null, null,
                    approve ? "approved" : "rejected by a human", now);
            if (approve) {
                WorkQueue.enqueue(c, r.episodeId(), WorkQueue.ACT, now);
            }
            refusal[0] = "ok";
            return to;
        });
        if ("404".equals(refusal[0])) {
            throw new ApiException(404, "not_found", "no action with id " + id);
        }
        if (!"ok".equals(refusal[0])) {
            throw new ApiException(409, "conflict", "action " + id + " is " + state.name().toLowerCase()
                    + "; only an action awaiting approval can be " + (approve ? "approved" : "rejected"));
        }
        return Map.of("id", id, "state", state.name());
    }
}
