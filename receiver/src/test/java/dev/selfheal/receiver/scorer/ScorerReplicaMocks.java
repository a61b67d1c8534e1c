package dev.selfheal.receiver.scorer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stand-in scorer replicas: WireMock servers on 127.0.0.1, 127.0.0.2, … all on one port, as the
 * pods behind a headless Service are (one port, an address each). Each answers the score and the
 * replay endpoints as the scorer does; one can be stopped (a dead pod) and started again.
 */
final class ScorerReplicaMocks {

    static final String VERDICT = "{\"verdict\":{\"anomalous\":true,\"score\":0.93,\"threshold\":0.5,\"series\":1},"
            + "\"results\":[{\"labels\":{\"pod\":\"b\"},\"anomalous\":true,\"score\":0.93,\"model\":{\"id\":\"m-b\","
            + "\"version\":4,\"status\":\"READY\"},\"decision\":{\"component\":\"level\",\"reason\":\"outside\"}}]}";

    final int port;
    private final WireMockServer[] servers;

    ScorerReplicaMocks(int count) {
        this.port = freePort(count);
        this.servers = new WireMockServer[count];
        for (int i = 0; i < count; i++) {
            start(i);
        }
    }

    String address(int i) {
        return "127.0.0." + (i + 1);
    }

    String url(int i) {
        return "http://" + address(i) + ":" + port;
    }

    List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            urls.add(url(i));
        }
        return urls;
    }

    WireMockServer server(String url) {
        return servers[urls().indexOf(url)];
    }

    /** Starts replica i (again), answering as a healthy scorer. */
    void start(int i) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().port(port).bindAddress(address(i)));
        server.start();
        servers[i] = server;
        healthy(i);
    }

    void healthy(int i) {
        servers[i].resetAll();
        servers[i].stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(VERDICT)));
        servers[i].stubFor(post(urlEqualTo("/api/v1/models/train")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"accepted\":1}")));
    }

    /** Stops replica i: its address refuses connections, as a dead pod's does. */
    void stop(int i) {
        servers[i].stop();
    }

    boolean running(int i) {
        return servers[i].isRunning();
    }

    /** Every replica running and healthy, with no request recorded. */
    void resetAll() {
        for (int i = 0; i < servers.length; i++) {
            if (!servers[i].isRunning()) {
                start(i);
            } else {
                healthy(i);
            }
        }
    }

    /** The replicas (URLs) that received a request on the path whose body names the query. */
    Set<String> receivers(String path, String query) {
        Set<String> got = new TreeSet<>();
        for (int i = 0; i < servers.length; i++) {
            if (servers[i].isRunning() && !requests(i, path, query).isEmpty()) {
                got.add(url(i));
            }
        }
        return got;
    }

    List<LoggedRequest> requests(int i, String path, String query) {
        return servers[i].getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals(path) && r.getBodyAsString().contains("\"" + query + "\""))
                .toList();
    }

    void stopAll() {
        for (WireMockServer s : servers) {
            if (s.isRunning()) {
                s.stop();
            }
        }
    }

    /** A port free on each of the loopback addresses used. */
    private static int freePort(int count) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (freeOnAll(port, count)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on 127.0.0.1-" + count);
    }

    private static boolean freeOnAll(int port, int count) {
        for (int i = 0; i < count; i++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (i + 1)), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
