package dev.turnengine.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.http.SseClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open event streams cost connections, not threads, and are forgotten once their clients leave. */
class IdleStreamsTest {

    private static final int STREAMS = 150;

    @Test
    void givenManyIdleStreams_whenOpen_thenNoThreadPerStreamAndAllForgottenWhenClosed() {
        try (TestApi api = TestApi.builder().start()) {
            String conversation = api.conversation("echo");
            SseClient warmUp = api.stream(TestApi.streamOf(conversation));
            warmUp.next();
            warmUp.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> api.server.openStreams() == 0);
            int platformThreadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            List<SseClient> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                SseClient stream = api.stream(TestApi.streamOf(conversation));
                stream.next();
                streams.add(stream);
            }
            int platformThreadsOpen = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(api.server.openStreams()).isEqualTo(STREAMS);
            api.submit(conversation, "to everyone");
            for (SseClient stream : streams) {
                assertThat(stream.eventsUntilFinal()).isNotEmpty();
            }
            streams.forEach(SseClient::close);

            assertThat(platformThreadsOpen - platformThreadsBefore).isLessThan(STREAMS / 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.server.openStreams() == 0);
        }
    }
}
