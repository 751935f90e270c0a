package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.testkit.http.SseClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Closing the server ends open streams cleanly and frees the port promptly. */
class ApiServerLifecycleTest {

    @Test
    void givenOpenStream_whenServerClosed_thenStreamEndsCleanlyAndPortIsFreed() throws IOException {
        TestApi api = TestApi.builder().start();
        String conversation = api.conversation("echo");
        SseClient stream = api.stream(TestApi.streamOf(conversation));
        assertThat(stream.next().retry()).isNotNull();
        int port = api.server.baseUri().getPort();

        long started = System.nanoTime();
        api.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stream.awaitEnding()).isEqualTo(SseClient.Ending.END_OF_STREAM);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
