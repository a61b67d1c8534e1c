package dev.selfheal.receiver.api;

import dev.selfheal.receiver.store.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to an HTTP status and the JSON body {@link ApiError}, so no answer leaks a
 * stack trace or a request body. 503 is used only where a retry is wanted (the store is down).
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ApiError.response(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        LOG.warnf("store unavailable: %s", e.getMessage());
        return ApiError.response(503, "store_unavailable", "the store is unavailable; send again later");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String message = status >= 500 ? "internal error" : messageOf(e);
        return ApiError.response(status, code, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return ApiError.response(500, "internal_error", "internal error");
    }

    private static String messageOf(WebApplicationException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getResponse().getStatusInfo().getReasonPhrase() : message;
    }
}
