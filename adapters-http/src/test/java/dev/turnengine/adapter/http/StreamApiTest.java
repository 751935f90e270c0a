package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.adapter.agent.echo.EchoAgentRunner;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event stream: wire format, cursors, one-turn streams, pings, and resuming without gap or duplicate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamApiTest {

    private final ScriptedAgentRunner scripted =
            ScriptedAgentRunner.replying("Hello", ", ", "world").thenComplete(new Usage(12, 3));
    private final ScriptedAgentRunner failing = ScriptedAgentRunner.replying("half").thenFail("model_rate_limited",
            "slow down");
    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.builder()
                .agent("scripted", scripted)
                .agent("failing", failing)
                .agent("slow-echo", new EchoAgentRunner(Duration.ofMillis(15)))
                .http(settings -> settings.withPingInterval(Duration.ofMillis(300)).withRetryHint(Duration.ofMillis(1500)))
                .start();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void givenTurn_whenStreamed_thenRetryHintThenEveryEventWithIdTypeAndData() {
        String conversation = api.conversation("scripted");
        SseClient stream = api.stream(TestApi.streamOf(conversation));

        SseFrame hint = stream.next();
        String turn = api.submit(conversation, "hi").get("turn_id").asText();
        List<SseFrame> events = stream.eventsUntilFinal();

        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(hint.retry()).isEqualTo("1500");
        assertThat(hint.isEvent()).isFalse();
        assertThat(events).extracting(SseFrame::event)
                .containsExactly("turn_accepted", "turn_started", "text_delta", "text_delta", "text_delta", "final");
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = SseClient.data(events.get(i));
            assertThat(data.get("seq").asLong()).isEqualTo(Long.parseLong(events.get(i).id())).isEqualTo(i + 1);
            assertThat(data.get("turn_id").asText()).isEqualTo(turn);
            assertThat(data.get("type").asText()).isEqualTo(events.get(i).event());
        }
        JsonNode accepted = SseClient.data(events.get(0));
        assertThat(accepted.get("text").asText()).isEqualTo("hi");
        assertThat(accepted.get("source").asText()).isEqualTo("web");
        assertThat(SseClient.data(events.get(3)).get("delta").asText()).isEqualTo(", ");
        JsonNode ending = SseClient.data(events.get(5));
        assertThat(ending.get("status").asText()).isEqualTo("completed");
        assertThat(ending.get("text").asText()).isEqualTo("Hello, world");
        assertThat(ending.get("usage").get("input_tokens").asLong()).isEqualTo(12);
        assertThat(ending.get("usage").get("output_tokens").asLong()).isEqualTo(3);
        assertThat(ending.has("error")).isFalse();
        stream.close();
    }

    @Test
    void givenFailingAgent_whenStreamed_thenFinalFailedWithError() {
        String conversation = api.conversation("failing");
        JsonNode accepted = api.submit(conversation, "go");

        SseClient stream = api.stream(accepted.get("stream_url").asText());
        List<SseFrame> events = stream.eventsUntilFinal();

        JsonNode ending = SseClient.data(events.getLast());
        assertThat(ending.get("status").asText()).isEqualTo("failed");
        assertThat(ending.get("text").asText()).isEqualTo("half");
        assertThat(ending.get("error").get("code").asText()).isEqualTo("model_rate_limited");
        assertThat(ending.get("error").get("message").asText()).isEqualTo("slow down");
        assertThat(stream.awaitEnding()).isEqualTo(SseClient.Ending.END_OF_STREAM);
    }

    @Test
    void givenNoCursor_whenOpened_thenOnlyLaterEvents() {
        String conversation = api.conversation("echo");
        api.submit(conversation, "earlier");
        awaitTurnsEnded(conversation);
        SseClient stream = api.stream(TestApi.streamOf(conversation));

        String later = api.submit(conversation, "later").get("turn_id").asText();
        SseFrame first = stream.nextEvent();

        assertThat(first.event()).isEqualTo("turn_accepted");
        assertThat(SseClient.data(first).get("turn_id").asText()).isEqualTo(later);
        stream.close();
    }

    @Test
    void givenCursor_whenOpened_thenReplayThenLiveWithoutGapOrDuplicate() {
        String conversation = api.conversation("echo");
        api.submit(conversation, "one two");
        awaitTurnsEnded(conversation);

        SseClient byQuery = api.stream(TestApi.streamOf(conversation) + "?after=2");
        SseClient byHeader = api.stream(TestApi.streamOf(conversation) + "?after=0", "Last-Event-ID", "2");
        api.submit(conversation, "three");

        for (SseClient stream : List.of(byQuery, byHeader)) {
            List<SseFrame> replayed = stream.eventsUntilFinal();
            List<SseFrame> live = stream.eventsUntilFinal();
            assertThat(replayed).extracting(SseFrame::id).containsExactly("3", "4", "5");
            assertThat(live).extracting(SseFrame::id).containsExactly("6", "7", "8", "9");
            stream.close();
        }
    }

    @Test
    void givenTurnId_whenStreamed_thenOnlyThatTurnAndEndsAfterFinal_then204OnceDelivered() {
        String conversation = api.conversation("echo");
        String first = api.submit(conversation, "first").get("turn_id").asText();
        JsonNode second = api.submit(conversation, "second turn");
        awaitTurnsEnded(conversation);

        SseClient stream = api.stream(second.get("stream_url").asText());
        List<SseFrame> events = stream.eventsUntilFinal();
        SseClient.Ending ending = stream.awaitEnding();
        var reopened = api.send(api.request(second.get("stream_url").asText())
                .header("Last-Event-ID", events.getLast().id()).GET().build());
        var fromStart = api.stream(second.get("stream_url").asText());

        assertThat(events).allSatisfy(frame ->
                assertThat(SseClient.data(frame).get("turn_id").asText()).isEqualTo(second.get("turn_id").asText()));
        assertThat(events).extracting(SseFrame::event).startsWith("turn_accepted").endsWith("final");
        assertThat(SseClient.data(events.getLast()).get("text").asText()).isEqualTo("second turn");
        assertThat(ending).isEqualTo(SseClient.Ending.END_OF_STREAM);
        assertThat(reopened.status()).isEqualTo(204);
        assertThat(fromStart.eventsUntilFinal()).extracting(SseFrame::id).isEqualTo(
                events.stream().map(SseFrame::id).toList());
        assertThat(first).isNotEqualTo(second.get("turn_id").asText());
        fromStart.close();
    }

    @Test
    void givenIdleStream_whenWaiting_thenPingComments() {
        String conversation = api.conversation("echo");
        SseClient stream = api.stream(TestApi.streamOf(conversation));

        stream.next();
        SseFrame ping = stream.next();

        assertThat(ping.isPing()).as(ping.toString()).isTrue();
        stream.close();
    }

    @Test
    void givenDroppedConnection_whenResumedWithLastEventId_thenNoGapNoDuplicate() {
        String conversation = api.conversation("slow-echo");
        String text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        JsonNode accepted = api.submit(conversation, text);
        String url = accepted.get("stream_url").asText();

        SseClient first = api.stream(url);
        List<SseFrame> before = first.eventsUntil(frame -> "text_delta".equals(frame.event())
                && SseClient.data(frame).get("delta").asText().startsWith("three"));
        first.close();
        SseClient resumed = api.stream(url, "Last-Event-ID", before.getLast().id());
        List<SseFrame> after = resumed.eventsUntilFinal();

        List<SseFrame> all = new java.util.ArrayList<>(before);
        all.addAll(after);
        List<Long> seqs = all.stream().map(frame -> Long.parseLong(frame.id())).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        String streamed = all.stream().filter(frame -> "text_delta".equals(frame.event()))
                .map(frame -> SseClient.data(frame).get("delta").asText()).reduce("", String::concat);
        assertThat(streamed).isEqualTo(text);
        assertThat(SseClient.data(all.getLast()).get("text").asText()).isEqualTo(text);
    }

    @Test
    void givenClientGone_whenStreamClosed_thenServerForgetsIt() {
        String conversation = api.conversation("echo");
        int before = api.server.openStreams();
        SseClient stream = api.stream(TestApi.streamOf(conversation));
        stream.next();
        assertThat(api.server.openStreams()).isEqualTo(before + 1);

        stream.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> api.server.openStreams() == before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?after=x", "?after=-1", "?after=99999999999999999999999", "?turn_id=nope",
        "?after=1.5", "?after=%20"})
    void givenBadParameters_whenOpened_then400(String query) {
        String conversation = api.conversation("echo");

        var reply = api.get(TestApi.streamOf(conversation) + query);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-3", "1e3", "0x10", "123456789012345678901234567890"})
    void givenBadLastEventId_whenOpened_then400(String cursor) {
        String conversation = api.conversation("echo");

        var reply = api.send(api.request(TestApi.streamOf(conversation)).header("Last-Event-ID", cursor).GET().build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problemCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenHugeLastEventId_whenOpened_thenRefusedWithoutServerError() {
        String conversation = api.conversation("echo");

        var reply = api.send(api.request(TestApi.streamOf(conversation))
                .header("Last-Event-ID", "9".repeat(6000)).GET().build());

        assertThat(reply.status()).isBetween(400, 499);
    }

    @Test
    void givenUnknownConversationOrTurn_whenOpened_then404() {
        String conversation = api.conversation("echo");

        var conversationMissing = api.get(TestApi.streamOf("3c90c3cc-0d44-4b50-8888-8dd25736052a"));
        var turnMissing = api.get(TestApi.streamOf(conversation) + "?turn_id=3c90c3cc-0d44-4b50-8888-8dd25736052a");

        assertThat(conversationMissing.problemCode()).isEqualTo("not_found");
        assertThat(turnMissing.problemCode()).isEqualTo("not_found");
    }

    @Test
    void givenEventStreamClient_whenStreamRefused_thenProblemAnyway() {
        var missing = api.send(api.request(TestApi.streamOf("3c90c3cc-0d44-4b50-8888-8dd25736052a"))
                .header("Accept", "text/event-stream").GET().build());
        var unauthorized = api.send(java.net.http.HttpRequest.newBuilder(
                        api.uri(TestApi.streamOf("3c90c3cc-0d44-4b50-8888-8dd25736052a")))
                .header("Accept", "text/event-stream").GET().build());

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemCode()).isEqualTo("not_found");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.problemCode()).isEqualTo("unauthorized");
    }

    private void awaitTurnsEnded(String conversation) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/api/conversations/" + conversation).json().get("status").asText().equals("idle"));
    }
}
