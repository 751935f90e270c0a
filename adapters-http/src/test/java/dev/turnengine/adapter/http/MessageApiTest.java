package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Posting messages: the 202 answer, idempotency, every refusal of the contract, and no trace of refused requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageApiTest {

    private static final int MAX_BODY = 64 * 1024;

    private final ScriptedAgentRunner hanging = ScriptedAgentRunner.replying("partial ").thenHang();
    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder()
                .agent("hang", hanging)
                .limits(new SubmitLimits(1000, 2, 1024, MAX_BODY))
                .start();
    }

    @AfterAll
    void stop() {
        hanging.release();
        api.close();
    }

    @Test
    void givenText_whenPosted_then202WithStreamUrlOfTheNewTurn() {
        String conversation = api.conversation("echo");

        var reply = api.postJson(TestApi.messages(conversation), "{\"text\":\"hello there\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        JsonNode body = reply.json();
        assertThat(body.get("accepted").asBoolean()).isTrue();
        assertThat(body.get("idempotent").asBoolean()).isFalse();
        String turn = body.get("turn_id").asText();
        assertThat(body.get("stream_url").asText())
                .isEqualTo("/v1/api/conversations/" + conversation + "/stream?turn_id=" + turn);
    }

    @Test
    void givenEveryOptionalField_whenPosted_thenAcceptedAndTurnSourceRecorded() {
        String conversation = api.conversation("echo");
        String data = Base64.getEncoder().encodeToString("hello".getBytes());

        var reply = api.postJson(TestApi.messages(conversation), """
                {"text":"with extras","attachments":[{"content_type":"text/plain","data_b64":"%s","filename":"a.txt"},
                 {"content_type":"application/pdf","document_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}],
                 "browser_session":false,"idempotency_key":null,"identity":{"user":"ann","roles":["a",1]},
                 "turn_source":"extension","on_busy":"enqueue","some_future_field":{"x":1}}
                """.formatted(data));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        String turn = reply.json().get("turn_id").asText();
        JsonNode shown = api.get("/v1/api/conversations/" + conversation + "/turns/" + turn).json();
        assertThat(shown.get("source").asText()).isEqualTo("extension");
        assertThat(shown.get("attachments").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/api/conversations/" + conversation).json().get("last_turn_channel").asText())
                .isEqualTo("extension");
    }

    @Test
    void givenKeyInHeaderThenInBody_whenRepeated_thenOriginalTurnReplayed() {
        String conversation = api.conversation("echo");
        var first = api.send(api.request(TestApi.messages(conversation))
                .header("Content-Type", "application/json").header("Idempotency-Key", "key-1")
                .POST(TestApi.body("{\"text\":\"once\"}")).build());
        var again = api.postJson(TestApi.messages(conversation), "{\"text\":\"once\",\"idempotency_key\":\"key-1\"}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("idempotent").asBoolean()).isTrue();
        assertThat(again.json().get("turn_id")).isEqualTo(first.json().get("turn_id"));
        assertThat(again.json().get("stream_url")).isEqualTo(first.json().get("stream_url"));
        assertThat(turnCount(conversation)).isEqualTo(1);
    }

    @Test
    void givenKeyReusedForOtherText_whenPosted_then422AndNothingNew() {
        String conversation = api.conversation("echo");
        api.postJson(TestApi.messages(conversation), "{\"text\":\"one\",\"idempotency_key\":\"k\"}");

        var reply = api.postJson(TestApi.messages(conversation), "{\"text\":\"two\",\"idempotency_key\":\"k\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.problemCode()).isEqualTo("idempotency_key_reused");
        assertThat(turnCount(conversation)).isEqualTo(1);
    }

    @Test
    void givenDifferentHeaderAndBodyKeys_whenPosted_then400() {
        String conversation = api.conversation("echo");

        var reply = api.send(api.request(TestApi.messages(conversation))
                .header("Content-Type", "application/json").header("Idempotency-Key", "a")
                .POST(TestApi.body("{\"text\":\"x\",\"idempotency_key\":\"b\"}")).build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
        assertThat(turnCount(conversation)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{", "", "null", "[]", "\"text\"", "{\"text\":\"a\"} trailing", "{\"text\":5}", "{\"text\":null}",
        "{}", "{\"text\":\"   \"}", "{\"text\":\"a\",\"attachments\":\"x\"}", "{\"text\":\"a\",\"attachments\":[1]}",
        "{\"text\":\"a\",\"attachments\":[{\"content_type\":7,\"data_b64\":\"aGk=\"}]}",
        "{\"text\":\"a\",\"attachments\":[{\"content_type\":\"text/plain\",\"data_b64\":\"***\"}]}",
        "{\"text\":\"a\",\"attachments\":[{\"content_type\":\"text/plain\",\"document_id\":\"nope\"}]}",
        "{\"text\":\"a\",\"attachments\":[{\"content_type\":\"text/plain\"}]}",
        "{\"text\":\"a\",\"browser_session\":\"yes\"}", "{\"text\":\"a\",\"on_busy\":\"later\"}",
        "{\"text\":\"a\",\"on_busy\":1}", "{\"text\":\"a\",\"turn_source\":\"has space\"}",
        "{\"text\":\"a\",\"turn_source\":[]}", "{\"text\":\"a\",\"idempotency_key\":\"\"}",
        "{\"text\":\"a\",\"idempotency_key\":\"caf\\u00e9\"}", "{\"text\":\"a\",\"idempotency_key\":42}",
        "{\"text\":\"\\ud800\"x}"
    })
    void givenMalformedBody_whenPosted_then400AndNoTrace(String body) {
        String conversation = api.conversation("echo");

        var reply = api.postJson(TestApi.messages(conversation), body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
        assertThat(turnCount(conversation)).isZero();
    }

    @Test
    void givenAbsurdJson_whenPosted_then400() {
        String conversation = api.conversation("echo");
        String deep = "{\"text\":\"a\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String longNumber = "{\"text\":\"a\",\"x\":" + "9".repeat(5000) + "}";

        for (String body : List.of(deep, longNumber)) {
            var reply = api.postJson(TestApi.messages(conversation), body);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.problemCode()).isEqualTo("invalid_request");
        }
        assertThat(turnCount(conversation)).isZero();
    }

    @Test
    void givenBadConversationId_whenPosted_then400() {
        var reply = api.postJson(TestApi.messages("123"), "{\"text\":\"a\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenUnknownConversation_whenPosted_then404() {
        var reply = api.postJson(TestApi.messages("3c90c3cc-0d44-4b50-8888-8dd25736052a"), "{\"text\":\"a\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.problemCode()).isEqualTo("not_found");
    }

    @Test
    void givenWrongOrMissingContentType_whenPosted_then415() {
        String conversation = api.conversation("echo");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            var reply = api.send(api.request(TestApi.messages(conversation)).header("Content-Type", type)
                    .POST(TestApi.body("{\"text\":\"a\"}")).build());
            assertThat(reply.status()).as(type).isEqualTo(415);
            assertThat(reply.problemCode()).isEqualTo("unsupported_media_type");
        }
        var missing = api.send(api.request(TestApi.messages(conversation)).POST(TestApi.body("{\"text\":\"a\"}")).build());
        assertThat(missing.status()).isEqualTo(415);
        var charset = api.send(api.request(TestApi.messages(conversation))
                .header("Content-Type", "application/json; charset=utf-8").POST(TestApi.body("{\"text\":\"a\"}")).build());
        assertThat(charset.status()).isEqualTo(202);
        assertThat(turnCount(conversation)).isEqualTo(1);
    }

    @Test
    void givenBodyOverTheLimit_whenPosted_then413() {
        String conversation = api.conversation("echo");
        String big = "{\"text\":\"a\",\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";

        var declared = api.postJson(TestApi.messages(conversation), big);
        var chunked = api.send(api.request(TestApi.messages(conversation)).header("Content-Type", "application/json")
                .POST(BodyPublishers.fromPublisher(TestApi.body(big))).build());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.problemCode()).isEqualTo("payload_too_large");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.problemCode()).isEqualTo("payload_too_large");
        assertThat(turnCount(conversation)).isZero();
    }

    @Test
    void givenTextOrAttachmentsOverTheLimits_whenPosted_then413() {
        String conversation = api.conversation("echo");
        String bigData = Base64.getEncoder().encodeToString(new byte[2048]);

        var text = api.postJson(TestApi.messages(conversation), "{\"text\":\"" + "y".repeat(1001) + "\"}");
        var attachment = api.postJson(TestApi.messages(conversation),
                "{\"text\":\"a\",\"attachments\":[{\"content_type\":\"x/y\",\"data_b64\":\"" + bigData + "\"}]}");
        var tooMany = api.postJson(TestApi.messages(conversation), "{\"text\":\"a\",\"attachments\":["
                + "{\"document_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\"},".repeat(2)
                + "{\"document_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\"}]}");

        for (var reply : List.of(text, attachment, tooMany)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
            assertThat(reply.problemCode()).isEqualTo("payload_too_large");
        }
        assertThat(turnCount(conversation)).isZero();
    }

    @Test
    void givenRunningTurn_whenPostedWithRejectPolicy_then409Busy() {
        String conversation = api.conversation("hang");
        api.submit(conversation, "first");

        var reply = api.postJson(TestApi.messages(conversation), "{\"text\":\"second\",\"on_busy\":\"reject\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.problemCode()).isEqualTo("conversation_busy");
        assertThat(turnCount(conversation)).isEqualTo(1);
        api.postJson("/v1/api/conversations/" + conversation + "/interrupt", "");
    }

    @Test
    void givenNoBrowser_whenBrowserSessionPosted_then409UntilPresenceHeartbeat() {
        String conversation = api.conversation("echo");
        String body = "{\"text\":\"use my browser\",\"browser_session\":true}";

        var refused = api.postJson(TestApi.messages(conversation), body);
        var heartbeat = api.send(api.request("/v1/api/browser/presence").PUT(BodyPublishers.noBody()).build());
        var accepted = api.postJson(TestApi.messages(conversation), body);
        var gone = api.send(api.request("/v1/api/browser/presence").DELETE().build());
        var refusedAgain = api.postJson(TestApi.messages(conversation), body);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("browser_not_connected");
        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(heartbeat.json().get("connected").asBoolean()).isTrue();
        assertThat(heartbeat.json().get("expires_at").asText()).isNotBlank();
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(gone.status()).isEqualTo(204);
        assertThat(refusedAgain.problemCode()).isEqualTo("browser_not_connected");
        assertThat(turnCount(conversation)).isEqualTo(1);
    }

    @Test
    void givenFortyConcurrentPostsOfOneKey_whenAllAnswered_thenExactlyOneTurn() {
        String conversation = api.conversation("echo");
        HttpRequest request = api.request(TestApi.messages(conversation)).header("Content-Type", "application/json")
                .header("Idempotency-Key", "same-click").POST(TestApi.body("{\"text\":\"only once\"}")).build();

        List<CompletableFuture<java.net.http.HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replies.add(api.http.sendAsync(request, BodyHandlers.ofString()));
        }
        List<JsonNode> bodies = replies.stream().map(CompletableFuture::join).map(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            return new Reply(response, java.time.Duration.ZERO).json();
        }).toList();

        assertThat(bodies.stream().map(body -> body.get("turn_id").asText()).distinct()).hasSize(1);
        assertThat(bodies.stream().filter(body -> !body.get("idempotent").asBoolean())).hasSize(1);
        assertThat(turnCount(conversation)).isEqualTo(1);
    }

    private int turnCount(String conversation) {
        var reply = api.get("/v1/api/conversations/" + conversation + "/turns");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("turns").size();
    }
}
