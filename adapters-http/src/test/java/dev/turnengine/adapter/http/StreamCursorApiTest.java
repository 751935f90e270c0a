package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A stream cursor is valid from 0 up to the conversation's last event; one above it is refused, not left silent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamCursorApiTest {

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
    void givenCursorPastLastEvent_whenOpened_then400() {
        String conversation = endedConversation();
        String turn = api.get("/v1/api/conversations/" + conversation + "/turns").json()
                .get("turns").get(0).get("turn_id").asText();

        String stream = TestApi.streamOf(conversation);
        var byQuery = open(api.request(stream + "?after=5"));
        var byHeader = open(api.request(stream).header("Last-Event-ID", "5"));
        var farAhead = open(api.request(stream + "?after=" + Long.MAX_VALUE));
        var oneTurn = open(api.request(stream + "?after=5&turn_id=" + turn));

        for (var reply : new RawConnection.Response[] {byQuery, byHeader, farAhead, oneTurn}) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.problemCode()).isEqualTo("invalid_request");
        }
    }

    @Test
    void givenNewConversation_whenCursorAboveZero_then400ButZeroOpens() {
        String conversation = api.conversation("echo");

        var ahead = open(api.request(TestApi.streamOf(conversation) + "?after=1"));
        SseClient fromStart = api.stream(TestApi.streamOf(conversation) + "?after=0");

        assertThat(ahead.status()).isEqualTo(400);
        assertThat(ahead.problemCode()).isEqualTo("invalid_request");
        api.submit(conversation, "hello");
        assertThat(fromStart.eventsUntilFinal()).extracting(SseFrame::id).first().isEqualTo("1");
        fromStart.close();
    }

    @Test
    void givenCursorAtLastEvent_whenOpened_thenLiveFromTheNextEvent() {
        String conversation = endedConversation();

        SseClient atLast = api.stream(TestApi.streamOf(conversation), "Last-Event-ID", "4");
        api.submit(conversation, "again");

        assertThat(atLast.eventsUntilFinal()).extracting(SseFrame::id).first().isEqualTo("5");
        atLast.close();
    }

    /** The answer's status and, unless it is a stream (which would never end here), its body. */
    private RawConnection.Response open(HttpRequest.Builder request) {
        try {
            HttpResponse<InputStream> response = api.http.send(request.GET().build(), BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                String text = response.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new RawConnection.Response(response.statusCode(),
                        Map.of("content-type", response.headers().firstValue("Content-Type").orElse("")), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A conversation whose one turn ("one word": accepted, started, delta, final) has ended: last seq 4. */
    private String endedConversation() {
        String conversation = api.conversation("echo");
        api.submit(conversation, "word");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/api/conversations/" + conversation).json().get("status").asText().equals("idle"));
        return conversation;
    }
}
