package dev.selfheal.receiver.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** WireMock stand-ins on a dynamic port of the loopback address. */
public final class WireMocks {

    private WireMocks() {
    }

    /** A server, not started yet. */
    public static WireMockServer server() {
        return new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    }

    /** A server, started. */
    public static WireMockServer started() {
        WireMockServer server = server();
        server.start();
        return server;
    }
}
