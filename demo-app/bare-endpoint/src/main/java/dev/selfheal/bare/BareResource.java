package dev.selfheal.bare;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /bench/bare}: reads the body and answers, nothing else; the ceiling the receiver's
 * intake is compared with by {@code ./selfheal bench intake} ({@code ratio_vs_bare}). The same
 * HTTP stack as the receiver (Quarkus REST, Jackson, Micrometer's HTTP metrics), in a program of
 * its own that the harness starts, so no bench-only endpoint lives in the receiver.
 */
@Path("/bench/bare")
public class BareResource {

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> read(byte[] body) {
        return Map.of("status", "read", "bytes", body.length);
    }
}
