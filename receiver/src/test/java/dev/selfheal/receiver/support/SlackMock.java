package dev.selfheal.receiver.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A WireMock server answering as Slack's Web API documents (https://api.slack.com/methods):
 * chat.postMessage and chat.update with {@code ok}, the channel ID and the message's ts;
 * chat.postEphemeral with {@code message_ts}; conversations.history with messages and their
 * metadata; errors as HTTP 200 with {@code "ok": false} and the error word; {@code ratelimited} as
 * HTTP 429 with Retry-After.
 */
public final class SlackMock {

    public static final String CHANNEL_ID = "C0OPS00001";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public final WireMockServer server = WireMocks.server();

    public SlackMock start() {
        server.start();
        accept();
        return this;
    }

    /** The Web API's base URL, as SELFHEAL_SLACK_API_URL takes it. */
    public String url() {
        return server.baseUrl() + "/api";
    }

    public void stop() {
        server.stop();
    }

    /** Every method answers ok; the history holds no message. */
    public void accept() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(ok("{\"ok\":true,\"channel\":\"" + CHANNEL_ID
                + "\",\"ts\":\"1764990000.000100\",\"message\":{\"type\":\"message\",\"bot_id\":\"B0SELFHEAL\","
                + "\"text\":\"posted\"}}")));
        server.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(ok("{\"ok\":true,\"channel\":\"" + CHANNEL_ID
                + "\",\"ts\":\"1764990000.000100\",\"text\":\"updated\"}")));
        server.stubFor(post(urlEqualTo("/api/chat.postEphemeral")).willReturn(ok(
                "{\"ok\":true,\"message_ts\":\"1764990001.000200\"}")));
        history("");
    }

    /** conversations.history answers with these message objects (JSON, comma-separated). */
    public void history(String messages) {
        server.stubFor(post(urlEqualTo("/api/conversations.history")).willReturn(ok("{\"ok\":true,\"messages\":["
                + messages + "],\"has_more\":false,\"pin_count\":0,\"response_metadata\":{\"next_cursor\":\"\"}}")));
    }

    /** A message as conversations.history lists it with include_all_metadata. */
    public static String message(String ts, String eventKey) {
        return "{\"type\":\"message\",\"subtype\":\"bot_message\",\"text\":\"posted\",\"ts\":\"" + ts + "\",\"bot_id\":"
                + "\"B0SELFHEAL\",\"metadata\":{\"event_type\":\"selfheal_notice\",\"event_payload\":{\"event_key\":\""
                + eventKey + "\"}}}";
    }

    public static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** An error as Slack answers it: HTTP 200, {@code "ok": false} and the error word. */
    public static ResponseDefinitionBuilder error(String error) {
        return ok("{\"ok\":false,\"error\":\"" + error + "\"}");
    }

    /** Rate limited (https://api.slack.com/docs/rate-limits): HTTP 429, Retry-After in seconds. */
    public static ResponseDefinitionBuilder ratelimited(int seconds) {
        return aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(seconds))
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}");
    }

    /** The calls of one method, in order. */
    public List<LoggedRequest> calls(String method) {
        return server.findAll(postRequestedFor(urlEqualTo("/api/" + method)));
    }

    /** Every call. */
    public List<LoggedRequest> all() {
        return server.findAll(postRequestedFor(anyUrl()));
    }

    public static JsonNode json(LoggedRequest request) {
        try {
            return MAPPER.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
