package dev.selfheal.scorer.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A WireMock server on a dynamic port standing in for Prometheus; tests stub it with real answers. */
public class PrometheusWireMock implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("selfheal.prometheus-url", server.baseUrl(), "selfheal.prometheus-timeout", "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
