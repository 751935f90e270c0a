package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server on PostgreSQL stopped cleanly (SIGTERM) and started again keeps everything it had accepted. */
class RestartIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void givenTurnsAndKeys_whenServerStopsCleanlyAndRestarts_thenJournalKeysAndTurnsSurvive() {
        String node = "restart-node";
        String conversation;
        List<String> completed;
        String running;
        String queued;
        String longText = ApiClient.words("stopping", 40);
        SseFrame deliveredAtStop;
        try (ServerProcess first = ServerProcess.node(node, DATABASE.serverUrl())
                .echoDelay(Duration.ofMillis(100)).start()) {
            ApiClient client = first.client();
            conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                String id = conversation;
                completed = IntStream.rangeClosed(1, 3)
                        .mapToObj(i -> client.post(id, "message number " + i, Optional.of("key-" + i)).turnId())
                        .toList();
                stream.awaitFinals(completed, WAIT);
                running = client.post(conversation, longText, Optional.of("key-4")).turnId();
                queued = client.post(conversation, "queued across the restart", Optional.of("key-5")).turnId();
                stream.awaitDeltas(running, 3, WAIT);
                Duration stopping = first.stop();
                System.out.printf("[restart] clean stop (SIGTERM) took %d ms%n", stopping.toMillis());
                deliveredAtStop = stream.awaitFinal(running, WAIT);
                assertThat(stream.awaitEnding()).as("the stream closes after the final").isEqualTo(SseClient.Ending.END_OF_STREAM);
            }
        }
        assertThat(deliveredAtStop.errorCode()).as("the live stream got the final the shutdown wrote")
                .isEqualTo("shutdown");

        List<SseFrame> atStop = DATABASE.journal(conversation);
        SseFrame shutdownFinal = JournalChecks.finals(atStop).get(running);
        assertThat(shutdownFinal).as("the running turn was ended by the clean stop").isNotNull();
        assertThat(shutdownFinal.status()).isEqualTo("interrupted");
        assertThat(shutdownFinal.errorCode()).isEqualTo("shutdown");
        assertThat(JournalChecks.finals(atStop)).doesNotContainKey(queued);

        try (ServerProcess second = ServerProcess.node(node, DATABASE.serverUrl()).start()) {
            ApiClient client = second.client();
            List<SseFrame> replayed;
            try (SseClient replay = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                SseFrame queuedFinal = replay.awaitFinal(queued, WAIT);
                assertThat(queuedFinal.status()).as("the turn queued at the stop runs after the restart")
                        .isEqualTo("completed");
                assertThat(queuedFinal.text()).isEqualTo("queued across the restart");
                replayed = replay.events();
            }
            assertThat(JournalChecks.outline(replayed).subList(0, atStop.size()))
                    .as("?after=0 replays the journal as it was at the stop")
                    .isEqualTo(JournalChecks.outline(atStop));
            JournalChecks.assertGapFree(replayed, 1);
            JournalChecks.assertTurnsWellFormed(replayed, Set.of());
            JournalChecks.assertOneTurnAtATime(replayed);
            Map<String, SseFrame> finals = JournalChecks.finals(replayed);
            for (int i = 0; i < completed.size(); i++) {
                assertThat(finals.get(completed.get(i)).status()).isEqualTo("completed");
                assertThat(finals.get(completed.get(i)).text()).isEqualTo("message number " + (i + 1));
            }
            assertThat(shutdownFinal.text()).isNotEmpty().isEqualTo(JournalChecks.streamedText(replayed, running));
            assertThat(longText).startsWith(shutdownFinal.text().strip());

            Reply repeat = client.post(conversation, "message number 1", Optional.of("key-1"));
            assertThat(repeat.status()).isEqualTo(202);
            assertThat(repeat.idempotent()).as("the key survived the restart").isTrue();
            assertThat(repeat.turnId()).isEqualTo(completed.getFirst());
            Reply repeatStopped = client.post(conversation, longText, Optional.of("key-4"));
            assertThat(repeatStopped.idempotent()).isTrue();
            assertThat(repeatStopped.turnId()).isEqualTo(running);
            Reply reused = client.post(conversation, "another text", Optional.of("key-2"));
            assertThat(reused.status()).isEqualTo(422);
            assertThat(reused.code()).isEqualTo("idempotency_key_reused");

            Map<String, String> statuses = client.turns(conversation).stream().collect(Collectors.toMap(
                    turn -> turn.path("turn_id").asText(), turn -> turn.path("status").asText()));
            assertThat(statuses).hasSize(5).containsEntry(completed.get(0), "completed")
                    .containsEntry(completed.get(1), "completed").containsEntry(completed.get(2), "completed")
                    .containsEntry(running, "interrupted").containsEntry(queued, "completed");
            JsonNode stopped = client.turn(conversation, running);
            assertThat(stopped.path("reply_text").asText()).isEqualTo(shutdownFinal.text());
            assertThat(DATABASE.turnCount(conversation)).isEqualTo(5);
        }
    }
}
