package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Creating and showing conversations, and health without a token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationApiTest {

    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder().start();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void givenNoBody_whenConversationCreated_thenDefaultsAndLocation() {
        var reply = api.send(api.request("/v1/api/conversations").POST(BodyPublishers.noBody()).build());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode conversation = reply.json();
        assertThat(conversation.get("agent").asText()).isEqualTo("echo");
        assertThat(conversation.get("channel").asText()).isEqualTo("web");
        assertThat(conversation.get("last_turn_channel").asText()).isEqualTo("web");
        assertThat(conversation.get("status").asText()).isEqualTo("idle");
        assertThat(conversation.get("active_turn_id").isNull()).isTrue();
        assertThat(conversation.get("queued_turns").asInt()).isZero();
        assertThat(conversation.get("created_at").asText()).isNotBlank();
        assertThat(reply.header("Location")).isEqualTo("/v1/api/conversations/" + conversation.get("id").asText());
    }

    @Test
    void givenAgentAndChannel_whenCreated_thenShownByGet() {
        var created = api.postJson("/v1/api/conversations", "{\"agent\":\"echo\",\"channel\":\"slack\"}");
        String id = created.json().get("id").asText();

        var reply = api.get("/v1/api/conversations/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").asText()).isEqualTo(id);
        assertThat(reply.json().get("channel").asText()).isEqualTo("slack");
    }

    @Test
    void givenUnknownAgent_whenCreated_thenInvalidRequest() {
        var reply = api.postJson("/v1/api/conversations", "{\"agent\":\"nobody\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenWrongTypes_whenCreated_thenInvalidRequest() {
        assertThat(api.postJson("/v1/api/conversations", "{\"agent\":5}").problemCode()).isEqualTo("invalid_request");
        assertThat(api.postJson("/v1/api/conversations", "[]").problemCode()).isEqualTo("invalid_request");
        assertThat(api.postJson("/v1/api/conversations", "{").problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenUnknownOrMalformedId_whenFetched_thenNotFoundOrInvalid() {
        var unknown = api.get("/v1/api/conversations/3c90c3cc-0d44-4b50-8888-8dd25736052a");
        var malformed = api.get("/v1/api/conversations/not-a-uuid");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemCode()).isEqualTo("not_found");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenHealthyStorage_whenHealthAskedWithoutToken_thenUp() throws Exception {
        var reply = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/health")).GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("UP");
    }
}
