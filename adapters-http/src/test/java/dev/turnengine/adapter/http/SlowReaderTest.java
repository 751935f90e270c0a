package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.agent.ScriptedAgentRunner;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A reader that stops reading loses its connection; the journal and the other readers go on. A reader
 * that merely keeps up most of the time (this test's, on a loaded machine) may be cut too, and gets
 * everything by resuming with {@code Last-Event-ID}, as clients are told to.
 */
class SlowReaderTest {

    private static final int DELTAS = 400;
    private static final String DELTA = "x".repeat(16 * 1024);

    @Test
    void givenReaderThatNeverReads_whenTurnStreamsMegabytes_thenOthersGetEverythingAndSlowOneIsCut() throws IOException {
        ScriptedAgentRunner agent = ScriptedAgentRunner.replying(Collections.nCopies(DELTAS, DELTA))
                .withDelay(Duration.ofMillis(2)).thenComplete();
        try (TestApi api = TestApi.builder().agent("firehose", agent)
                .http(settings -> settings.withSseBufferBytes(256 * 1024)).start();
                Socket slow = new Socket()) {
            String conversation = api.conversation("firehose");
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", api.server.baseUri().getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET " + TestApi.streamOf(conversation) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + api.token + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SseClient fast = api.stream(TestApi.streamOf(conversation));
            await().atMost(Duration.ofSeconds(5)).until(() -> api.server.openStreams() == 2);

            long started = System.nanoTime();
            api.submit(conversation, "flood me");
            List<SseFrame> events = new ArrayList<>();
            SseClient reader = fast;
            while (events.isEmpty() || !"final".equals(events.getLast().event())) {
                Optional<SseFrame> frame = reader.nextOrEnd();
                if (frame.isEmpty()) {
                    reader.close();
                    String cursor = events.isEmpty() ? "0" : events.getLast().id();
                    reader = api.stream(TestApi.streamOf(conversation), "Last-Event-ID", cursor);
                } else if (frame.get().isEvent()) {
                    events.add(frame.get());
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(events.stream().filter(frame -> "text_delta".equals(frame.event()))).hasSize(DELTAS);
            assertThat(events.stream().map(frame -> Long.parseLong(frame.id())).toList())
                    .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
            assertThat(SseClient.data(events.getLast()).get("status").asText()).isEqualTo("completed");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            SseClient last = reader;
            await().atMost(Duration.ofSeconds(10)).until(() -> api.server.openStreams() == 1);
            last.close();
        }
    }
}
