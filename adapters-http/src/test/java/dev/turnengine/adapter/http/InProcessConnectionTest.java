package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turnengine.adapter.http.server.InProcessConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A connection without a socket goes through the same pipeline, routes, streams and limits as a real one. */
class InProcessConnectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void givenStreamOpenedInProcess_whenTurnRuns_thenItsEventsArrive_andClosingForgetsTheStream() throws Exception {
        try (TestApi api = TestApi.builder().start()) {
            String conversation = api.conversation("echo");
            int clientConnections = api.server.openConnections();
            try (InProcessConnection connection = api.server.connectInProcess()) {
                assertThat(api.server.openConnections()).isEqualTo(clientConnections + 1);
                connection.send(streamRequest(api, conversation));
                String head = connection.awaitReceived("retry:", PATIENCE);
                assertThat(head).startsWith("HTTP/1.1 200").contains("text/event-stream");
                assertThat(api.server.openStreams()).isEqualTo(1);

                api.submit(conversation, "through no socket");
                String events = connection.awaitReceived("event: final", PATIENCE);
                assertThat(events).contains("event: text_delta").contains("through no socket");
            }
            await().atMost(PATIENCE).until(() -> api.server.openStreams() == 0
                    && api.server.openConnections() == clientConnections);
        }
    }

    @Test
    void givenBadToken_whenStreamRequestedInProcess_thenUnauthorized_andNoStreamOpens() throws Exception {
        try (TestApi api = TestApi.builder().start();
                InProcessConnection connection = api.server.connectInProcess()) {
            String conversation = api.conversation("echo");
            connection.send(streamRequest(api, conversation).replace(api.token, "hq_pat_not_a_token_at_all_000000"));
            assertThat(connection.awaitReceived("\r\n\r\n", PATIENCE)).startsWith("HTTP/1.1 401");
            assertThat(api.server.openStreams()).isZero();
        }
    }

    @Test
    void givenConnectionCapReached_whenOneMoreConnectsInProcess_thenItIsClosedAtOnce() throws Exception {
        int cap = 4;
        try (TestApi api = TestApi.builder().http(http -> http.withConnectionLimits(
                http.connectionLimits().withMaxConnections(cap))).start()) {
            String conversation = api.conversation("echo");
            // The test client's own keep-alive connection counts too.
            int room = cap - api.server.openConnections();
            InProcessConnection[] open = new InProcessConnection[room];
            try {
                for (int i = 0; i < room; i++) {
                    open[i] = api.server.connectInProcess();
                    open[i].send(streamRequest(api, conversation));
                    open[i].awaitReceived("retry:", PATIENCE);
                }
                assertThat(api.server.openConnections()).isEqualTo(cap);
                try (InProcessConnection extra = api.server.connectInProcess()) {
                    await().atMost(PATIENCE).until(() -> !extra.isOpen());
                    assertThat(extra.bytesReceived()).isZero();
                    assertThatThrownBy(() -> extra.send(streamRequest(api, conversation)))
                            .isInstanceOf(IllegalStateException.class);
                }
                assertThat(api.server.openStreams()).isEqualTo(room);
            } finally {
                for (InProcessConnection each : open) {
                    if (each != null) {
                        each.close();
                    }
                }
            }
        }
    }

    @Test
    void givenStopKeeping_whenMoreArrives_thenOnlyCounted() throws Exception {
        try (TestApi api = TestApi.builder().start();
                InProcessConnection connection = api.server.connectInProcess()) {
            String conversation = api.conversation("echo");
            connection.send(streamRequest(api, conversation));
            long head = connection.awaitReceived("retry:", PATIENCE).length();
            connection.stopKeeping();
            api.submit(conversation, "counted, not kept");
            await().atMost(PATIENCE).until(() -> connection.bytesReceived() > head + "counted, not kept".length());
            assertThatThrownBy(() -> connection.awaitReceived("final", PATIENCE))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static String streamRequest(TestApi api, String conversation) {
        return "GET " + TestApi.streamOf(conversation) + " HTTP/1.1\r\nHost: in-process\r\nAuthorization: Bearer "
                + api.token + "\r\nAccept: text/event-stream\r\n\r\n";
    }
}
