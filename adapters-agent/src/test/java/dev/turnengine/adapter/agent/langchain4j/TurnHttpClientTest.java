package dev.turnengine.adapter.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TurnHttpClientTest {

    private final FakeModelServer server = FakeModelServer.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final UpstreamCall call = new UpstreamCall(ended::countDown);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ServerSentEventListener listener = new ServerSentEventListener() {
        @Override
        public void onEvent(ServerSentEvent event) {
            events.add(event.data());
        }

        @Override
        public void onError(Throwable error) {
            events.add("error");
        }
    };

    @AfterEach
    void stop() {
        http.shutdownNow();
        server.close();
    }

    private void streamFrom(String path) {
        HttpRequest request = HttpRequest.builder().method(HttpMethod.POST).url(server.url() + path).body("{}").build();
        new TurnHttpClient(http, call, Duration.ofSeconds(5)).execute(request, new DefaultServerSentEventParser(), listener);
    }

    @Test
    void givenAStalledStream_whenAborted_thenTheReaderEndsAtOnce() throws Exception {
        server.on("/stall", FakeModelServer.stall("text/event-stream", List.of("data: first\n\n")));
        streamFrom("/stall");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("first"));

        call.abort();

        assertThat(ended.await(1, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givenNoResponseYet_whenAborted_thenTheReaderEndsAtOnceWithoutReportingAnything() throws Exception {
        server.on("/silent", (exchange, fake) -> fake.stall());
        streamFrom("/silent");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !server.requests().isEmpty());

        call.abort();

        assertThat(ended.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void givenBytesArriving_whenStreaming_thenTheCallCountsThemAsSignsOfLife() throws Exception {
        server.on("/slow", FakeModelServer.endless("text/event-stream", List.of(), n -> "data: tick\n\n",
                Duration.ofMillis(100)));
        streamFrom("/slow");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);

        assertThat(call.silence()).isLessThan(Duration.ofMillis(500));
        call.abort();
        assertThat(ended.await(1, TimeUnit.SECONDS)).isTrue();
    }
}
