package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests over the header, URL and identity limits, and bodies another parser could read differently
 * (lone surrogates, duplicate keys): each gets its own problem and leaves no turn behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
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
    void givenHeadersOver16KiB_whenSent_then431EvenWithoutToken() {
        String padding = "X-Padding: " + "p".repeat(16 * 1024) + "\r\n";

        var anonymous = raw("GET /v1/api/conversations HTTP/1.1\r\nHost: x\r\n" + padding + "\r\n");
        var withToken = raw("GET /v1/api/conversations/" + api.conversation("echo") + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + api.token + "\r\n" + padding + "\r\n");

        assertThat(anonymous.status()).isEqualTo(431);
        assertThat(anonymous.problemCode()).isEqualTo("request_header_too_large");
        assertThat(withToken.status()).isEqualTo(431);
        assertThat(withToken.problemCode()).isEqualTo("request_header_too_large");
    }

    @Test
    void givenHeadersJustUnder16KiB_whenSent_thenServed() {
        String conversation = api.conversation("echo");
        var reply = raw("GET /v1/api/conversations/" + conversation + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + api.token + "\r\nX-Padding: " + "p".repeat(15 * 1024) + "\r\n\r\n");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void givenUrlOver8KiB_whenSent_then414EvenWithoutToken() {
        var pathTooLong = raw("GET /v1/api/conversations/" + "a".repeat(8 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        var queryTooLong = raw("GET /v1/api/conversations?cursor=" + "c".repeat(8 * 1024) + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + api.token + "\r\n\r\n");
        var farTooLong = raw("GET /" + "a".repeat(40 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        for (var reply : new RawConnection.Response[] {pathTooLong, queryTooLong, farTooLong}) {
            assertThat(reply.status()).isEqualTo(414);
            assertThat(reply.problemCode()).isEqualTo("uri_too_long");
        }
    }

    @Test
    void givenUrlJustUnder8KiB_whenSent_thenRouted() {
        var reply = raw("GET /v1/api/nothing/" + "a".repeat(8 * 1024 - 100) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nAuthorization: Bearer " + api.token + "\r\n\r\n");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void givenIdentityOver64KiB_whenPosted_then413AndNoTurn() {
        String conversation = api.conversation("echo");
        // Compact JSON of ["xxx…"]: the quotes and brackets count too.
        String fits = "{\"text\":\"hi\",\"identity\":[\"" + "x".repeat(64 * 1024 - 4) + "\"]}";
        String over = "{\"text\":\"hi\",\"identity\":[\"" + "x".repeat(64 * 1024 - 3) + "\"]}";
        // Four bytes of UTF-8 per character: far fewer characters than bytes.
        String overInUtf8 = "{\"text\":\"hi\",\"identity\":{\"name\":\"" + "😀".repeat(16 * 1024) + "\"}}";

        var tooLarge = api.postJson(TestApi.messages(conversation), over);
        var tooLargeInUtf8 = api.postJson(TestApi.messages(conversation), overInUtf8);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.problemCode()).isEqualTo("payload_too_large");
        assertThat(tooLargeInUtf8.status()).isEqualTo(413);
        assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).isEmpty();

        var accepted = api.postJson(TestApi.messages(conversation), fits);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"text\":\"a\\ud800b\"}",
        "{\"text\":\"a\\udc00\"}",
        "{\"text\":\"ok\",\"attachments\":[{\"content_type\":\"text/plain\",\"data_b64\":\"aGk=\",\"filename\":\"a\\ud800.txt\"}]}",
        "{\"text\":\"ok\",\"identity\":{\"user\":{\"name\":\"\\udfff\"}}}",
        "{\"text\":\"ok\",\"identity\":{\"\\ud800\":1}}",
        "{\"text\":\"ok\",\"turn_source\":\"w\\ud800\"}",
        "{\"text\":\"ok\",\"unknown\":[\"\\ud800\"]}"
    })
    void givenLoneSurrogateEscaped_whenPosted_then400AndNoTurn(String body) {
        String conversation = api.conversation("echo");

        var reply = api.postJson(TestApi.messages(conversation), body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
        assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).isEmpty();
    }

    @Test
    void givenLoneSurrogateAsRawBytes_whenPosted_then400AndNoTurn() {
        String conversation = api.conversation("echo");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"text\":\"a".getBytes(StandardCharsets.UTF_8));
        // U+D800 encoded as if it were a character (CESU-8 style): not valid UTF-8.
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));

        var reply = api.send(api.request(TestApi.messages(conversation)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body.toByteArray())).build());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
        assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).isEmpty();
    }

    @Test
    void givenSurrogatePair_whenPosted_thenAcceptedWhole() {
        String conversation = api.conversation("echo");

        var reply = api.postJson(TestApi.messages(conversation), "{\"text\":\"a\\ud83d\\ude00b\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"text\":\"first\",\"text\":\"second\"}",
        "{\"text\":\"hi\",\"identity\":{\"user\":\"a\",\"user\":\"b\"}}",
        "{\"text\":\"hi\",\"identity\":[{\"deep\":{\"k\":1,\"k\":2}}]}",
        "{\"text\":\"hi\",\"attachments\":[{\"content_type\":\"text/plain\",\"data_b64\":\"aGk=\",\"data_b64\":\"aGk=\"}]}"
    })
    void givenDuplicateKeys_whenPosted_then400AndNoTurn(String body) {
        String conversation = api.conversation("echo");

        var reply = api.postJson(TestApi.messages(conversation), body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
        assertThat(api.get("/v1/api/conversations/" + conversation + "/turns").json().get("turns")).isEmpty();
    }

    private RawConnection.Response raw(String request) {
        try (RawConnection connection = RawConnection.open(api.server.baseUri())) {
            connection.send(request);
            return connection.response(WAIT).orElseThrow(() -> new AssertionError("closed without an answer"));
        }
    }
}
