package dev.selfheal.receiver.act;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.auth.Caller;
import dev.selfheal.receiver.remediation.Remediation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Approve mode: {@code GET /api/v1/actions} lists remediations waiting for approval;
 * {@code POST /api/v1/actions/{id}/approve} and {@code /reject} (an operator's login) decide one,
 * as a compare-and-swap (approving twice runs it once: the second answer is 409), by name. An approval older than
 * {@code selfheal.approvals.expire-after} expires instead ({@link ApprovalExpiry} also expires them
 * on a schedule).
 */
@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {

    private final Approvals approvals;

    public ApprovalsResource(Approvals approvals) {
        this.approvals = approvals;
    }

    @GET
    public Map<String, List<Remediation>> waiting() {
        return Map.of("actions", approvals.waiting());
    }

    @POST
    @Path("{id}/approve")
    public Map<String, Object> approve(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, true, Caller.of(request).name());
    }

    @POST
    @Path("{id}/reject")
    public Map<String, Object> reject(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, false, Caller.of(request).name());
    }

    private Map<String, Object> decide(String rawId, boolean approve, String by) {
        long id;
        try {
            id = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_parameter", "the action id must be a number");
        }
        Approvals.Result result = approvals.decide(id, approve, by);
        return switch (result.status()) {
            case NOT_FOUND -> throw new ApiException(404, "not_found", "no action with id " + id);
            case NOT_WAITING -> throw new ApiException(409, "conflict", "action " + id + " is "
                    + result.state().name().toLowerCase() + "; only an action awaiting approval can be "
                    + (approve ? "approved" : "rejected"));
            case DONE -> Map.of("id", id, "state", result.state().name(), "by", by);
        };
    }
}
