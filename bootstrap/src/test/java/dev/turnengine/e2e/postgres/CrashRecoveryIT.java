package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server killed with SIGKILL mid-turn: its turn is ended as failed with code {@code abandoned}, keeping
 * the text it had streamed, by the same node when it comes back or by another node once the lease expires;
 * the conversation's queued turn then runs.
 */
class CrashRecoveryIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ECHO_DELAY = Duration.ofMillis(150);

    @Test
    void givenTurnMidStream_whenServerIsKilledAndRestartedAsSameNode_thenTurnEndsAbandonedAndQueuedTurnCompletes() {
        String node = "crash-node";
        String message = ApiClient.words("crash", 40);
        String conversation;
        String interrupted;
        String queued;
        // A lease far longer than the test: only the restarted node's start-up recovery can end the turn.
        try (ServerProcess doomed = ServerProcess.node(node, DATABASE.serverUrl()).leaseSeconds(120)
                .echoDelay(ECHO_DELAY).start()) {
            ApiClient client = doomed.client();
            conversation = client.createConversation();
            try (SseClient stream = SseClient.ofConversation(client, conversation, OptionalLong.of(0))) {
                interrupted = client.postAccepted(conversation, message);
                queued = client.postAccepted(conversation, "queued behind the crash");
                stream.awaitDeltas(interrupted, 3, WAIT);
            }
            doomed.kill();
        }
        assertThat(DATABASE.leaseOwner(interrupted)).as("the killed node left its turn running").contains(node);
        String streamedBeforeCrash = JournalChecks.streamedText(DATABASE.journal(conversation), interrupted);

        try (ServerProcess restarted = ServerProcess.node(node, DATABASE.serverUrl()).leaseSeconds(120).start()) {
            long listening = System.nanoTime();
            try (SseClient stream = SseClient.ofConversation(restarted.client(), conversation, OptionalLong.of(0))) {
                SseFrame abandoned = stream.awaitFinal(interrupted, WAIT);
                long recovered = Duration.ofNanos(abandoned.arrivedNanos() - listening).toMillis();
                System.out.printf("[crash] restarted node ended its left-over turn %d ms after listening%n", recovered);
                assertThat(abandoned.status()).isEqualTo("failed");
                assertThat(abandoned.errorCode()).isEqualTo("abandoned");
                assertThat(abandoned.text()).as("the text streamed before the crash")
                        .isNotEmpty().isEqualTo(streamedBeforeCrash);
                assertThat(message).startsWith(abandoned.text().strip()).isNotEqualTo(abandoned.text());

                SseFrame next = stream.awaitFinal(queued, WAIT);
                assertThat(next.status()).isEqualTo("completed");
                assertThat(next.text()).isEqualTo("queued behind the crash");
                List<SseFrame> events = stream.events();
                JournalChecks.assertGapFree(events, 1);
                JournalChecks.assertTurnsWellFormed(events, Set.of());
                JournalChecks.assertOneTurnAtATime(events);
                assertThat(JournalChecks.outline(events)).isEqualTo(JournalChecks.outline(DATABASE.journal(conversation)));
            }
        }
    }

    @Test
    void givenTwoNodes_whenNodeRunningTurnIsKilled_thenOtherNodeEndsItAbandonedOnceLeaseExpires() {
        int leaseSeconds = 2;
        String message = ApiClient.words("orphan", 40);
        try (ServerProcess nodeA = ServerProcess.node("crash-a", DATABASE.serverUrl()).leaseSeconds(leaseSeconds)
                .echoDelay(ECHO_DELAY).start();
                ServerProcess nodeB = ServerProcess.node("crash-b", DATABASE.serverUrl()).leaseSeconds(leaseSeconds)
                        .echoDelay(ECHO_DELAY).start()) {
            String conversation = nodeA.client().createConversation();
            try (SseClient onB = SseClient.ofConversation(nodeB.client(), conversation, OptionalLong.of(0))) {
                String orphan = nodeA.client().postAccepted(conversation, message);
                await().atMost(WAIT).until(() -> DATABASE.leaseOwner(orphan).isPresent());
                assertThat(DATABASE.leaseOwner(orphan)).contains("crash-a");
                onB.awaitDeltas(orphan, 3, WAIT);
                String queued = nodeB.client().postAccepted(conversation, "queued behind the dead node");

                long killed = System.nanoTime();
                nodeA.kill();
                SseFrame abandoned = onB.awaitFinal(orphan, WAIT);
                long recoveredMillis = Duration.ofNanos(abandoned.arrivedNanos() - killed).toMillis();
                System.out.printf("[crash] node B ended dead node A's turn %d ms after the kill (lease %d s)%n",
                        recoveredMillis, leaseSeconds);
                assertThat(recoveredMillis).as("B waits for A's lease (renewed every lease/3) to run out")
                        .isGreaterThan(leaseSeconds * 1000L / 2).isLessThan(leaseSeconds * 1000L + 8_000);
                assertThat(abandoned.status()).isEqualTo("failed");
                assertThat(abandoned.errorCode()).isEqualTo("abandoned");
                List<SseFrame> journal = DATABASE.journal(conversation);
                assertThat(abandoned.text()).isNotEmpty().isEqualTo(JournalChecks.streamedText(journal, orphan));
                assertThat(message).startsWith(abandoned.text().strip());

                SseFrame next = onB.awaitFinal(queued, WAIT);
                assertThat(next.status()).as("B runs the queued turn").isEqualTo("completed");
                assertThat(next.text()).isEqualTo("queued behind the dead node");
                List<SseFrame> events = onB.events();
                JournalChecks.assertGapFree(events, 1);
                JournalChecks.assertTurnsWellFormed(events, Set.of());
                JournalChecks.assertOneTurnAtATime(events);
            }
        }
    }
}
