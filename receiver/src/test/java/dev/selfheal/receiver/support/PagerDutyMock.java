package dev.selfheal.receiver.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A WireMock server answering as PagerDuty's Events API v2 documents: 202 with status, message and
 * dedup_key; 400 "invalid event" with errors; 429; 5xx; slow answers.
 */
public final class PagerDutyMock {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    public final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1"));

    public PagerDutyMock start() {
        server.start();
        accept();
        return this;
    }

    public String url() {
        return server.baseUrl();
    }

    public void stop() {
        server.stop();
    }

    /** 202 Accepted, as PagerDuty answers a valid event; its REST API knows of no incident or change event. */
    public void accept() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(accepted()));
        server.stubFor(post(urlEqualTo("/v2/change/enqueue")).willReturn(accepted()));
        restIncidents("");
        restChangeEvents("");
    }

    /** The REST API's GET /incidents answers with these incident objects (JSON, comma-separated). */
    public void restIncidents(String incidents) {
        server.stubFor(get(urlPathEqualTo("/incidents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"incidents\":[" + incidents + "],\"limit\":25,\"offset\":0,\"more\":false}")));
    }

    /** The REST API's GET /change_events answers with these change event objects. */
    public void restChangeEvents(String changeEvents) {
        server.stubFor(get(urlPathEqualTo("/change_events")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"change_events\":[" + changeEvents + "],\"limit\":100,\"offset\":0,\"more\":false}")));
    }

    /** An incident as the REST API lists it. */
    public static String incident(String incidentKey, String status) {
        return "{\"id\":\"PT4KHLK\",\"type\":\"incident\",\"incident_number\":1234,\"status\":\"" + status
                + "\",\"incident_key\":\"" + incidentKey + "\",\"urgency\":\"high\"}";
    }

    /** The REST API's GET requests (lookups of events in doubt). */
    public List<LoggedRequest> restRequests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(anyUrl()));
    }

    public static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                .withTransformers("response-template");
    }

    public static ResponseDefinitionBuilder invalid() {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}");
    }

    public static ResponseDefinitionBuilder throttled() {
        return aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"throttle exceeded\",\"message\":\"Requests for this service are arriving too quickly.\"}");
    }

    public static ResponseDefinitionBuilder failing(int status) {
        return aResponse().withStatus(status).withBody("upstream trouble");
    }

    /** Every answer for every path is this one. */
    public void answerAll(ResponseDefinitionBuilder response) {
        server.resetAll();
        server.stubFor(post(anyUrl()).willReturn(response));
    }

    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()));
    }

    public static JsonNode json(LoggedRequest r) {
        try {
            return MAPPER.readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event kinds received, in order: trigger, acknowledge, resolve, or change. */
    public List<String> kinds() {
        return requests().stream().map(r -> r.getUrl().endsWith("/change/enqueue") ? "change"
                : json(r).path("event_action").asText()).toList();
    }

    /** Every request's contract violations, each prefixed with its path. */
    public List<String> violations() {
        return requests().stream().flatMap(r -> PagerDutyContract.violations(r.getUrl(), r.getBodyAsString()).stream()
                .map(v -> r.getUrl() + ": " + v)).toList();
    }
}
