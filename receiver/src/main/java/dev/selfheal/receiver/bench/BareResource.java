package dev.selfheal.receiver.bench;

import dev.selfheal.receiver.api.ApiException;
import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /bench/bare}: reads the body and answers, nothing else; the ceiling the intake is
 * compared with by {@code ./selfheal bench intake}. 404 unless {@code selfheal.bench.bare-endpoint}.
 */
@Path("/bench/bare")
public class BareResource {

    private final ReceiverConfig config;

    public BareResource(ReceiverConfig config) {
        this.config = config;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> read(byte[] body) {
        if (!config.bench().bareEndpoint()) {
            throw new ApiException(404, "not_found", "the bench endpoint is off");
        }
        return Map.of("status", "read", "bytes", body.length);
    }
}
