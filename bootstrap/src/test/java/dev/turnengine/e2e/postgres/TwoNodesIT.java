package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two server processes on one database, as behind a load balancer without stickiness: any node streams,
 * interrupts and accepts for any conversation, and a conversation still runs one turn at a time.
 */
class TwoNodesIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ECHO_DELAY = Duration.ofMillis(100);

    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void startNodes() {
        nodeA = ServerProcess.node("node-a", DATABASE.serverUrl()).echoDelay(ECHO_DELAY).start();
        nodeB = ServerProcess.node("node-b", DATABASE.serverUrl()).echoDelay(ECHO_DELAY).start();
    }

    @AfterAll
    static void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void givenStreamOnNodeB_whenTurnRunsOnNodeA_thenEveryEventReachesBWithinTwoSeconds() {
        String conversation = nodeA.client().createConversation();
        try (SseClient onA = SseClient.ofConversation(nodeA.client(), conversation, OptionalLong.empty());
                SseClient onB = SseClient.ofConversation(nodeB.client(), conversation, OptionalLong.empty())) {
            long posted = System.nanoTime();
            String turn = nodeA.client().postAccepted(conversation, ApiClient.words("live", 20));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> DATABASE.leaseOwner(turn).isPresent());
            assertThat(DATABASE.leaseOwner(turn)).as("the turn runs on node A").contains("node-a");
            onA.awaitFinal(turn, WAIT);
            onB.awaitFinal(turn, WAIT);

            List<SseFrame> eventsOnA = onA.events();
            List<SseFrame> eventsOnB = onB.events();
            assertThat(JournalChecks.outline(eventsOnB)).isEqualTo(JournalChecks.outline(eventsOnA));
            List<Long> lagMillis = new ArrayList<>();
            for (int i = 0; i < eventsOnA.size(); i++) {
                lagMillis.add(Duration.ofNanos(eventsOnB.get(i).arrivedNanos() - eventsOnA.get(i).arrivedNanos())
                        .toMillis());
            }
            List<Long> sorted = lagMillis.stream().sorted().toList();
            long acceptedOnB = Duration.ofNanos(eventsOnB.getFirst().arrivedNanos() - posted).toMillis();
            System.out.printf("[two nodes] %d events of a turn on A seen on B later than on A by: median %d ms, "
                    + "max %d ms, all %s; turn_accepted on B %d ms after the post to A%n", sorted.size(),
                    sorted.get(sorted.size() / 2), sorted.getLast(), lagMillis, acceptedOnB);
            assertThat(sorted.getLast()).as("cross-node delay (ms)").isLessThan(2_000);
            JournalChecks.assertTurnsWellFormed(eventsOnB, Set.of());
        }
    }

    @Test
    void givenTurnRunningOnNodeA_whenInterruptIsSentToNodeB_thenTurnStopsWithItsPartialText() {
        String conversation = nodeA.client().createConversation();
        String message = ApiClient.words("stopme", 60);
        try (SseClient onB = SseClient.ofConversation(nodeB.client(), conversation, OptionalLong.empty())) {
            String turn = nodeA.client().postAccepted(conversation, message);
            onB.awaitDeltas(turn, 3, WAIT);
            assertThat(DATABASE.leaseOwner(turn)).as("the turn runs on node A").contains("node-a");

            long sent = System.nanoTime();
            Reply reply = nodeB.client().interrupt(conversation);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            assertThat(reply.json().path("interrupted").asBoolean()).isTrue();
            assertThat(reply.text("turn_id")).isEqualTo(turn);

            SseFrame ending = onB.awaitFinal(turn, WAIT);
            long stoppedMillis = Duration.ofNanos(ending.arrivedNanos() - sent).toMillis();
            System.out.printf("[two nodes] interrupt sent to B stopped the turn on A: final on B %d ms later%n",
                    stoppedMillis);
            assertThat(ending.status()).isEqualTo("interrupted");
            assertThat(ending.text()).isNotEmpty().isEqualTo(JournalChecks.streamedText(onB.events(), turn));
            assertThat(message).startsWith(ending.text().strip()).isNotEqualTo(ending.text().strip());
            assertThat(stoppedMillis).isLessThan(2_000);
            assertThat(nodeA.client().turn(conversation, turn).path("status").asText()).isEqualTo("interrupted");
        }
    }

    @Test
    void givenPostsAlternatingBetweenNodes_whenTurnsRun_thenTheyNeverOverlapAndRunInOrderOfAcceptance()
            throws InterruptedException {
        String conversation = nodeA.client().createConversation();
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        List<String> turns = new ArrayList<>();
        // Stopped by a flag, not an interrupt: interrupting a virtual thread in socket I/O closes the socket,
        // here the shared SQL connection.
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                DATABASE.runningTurn(conversation).ifPresent(running -> ranOn.put(running.getKey(), running.getValue()));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (SseClient stream = SseClient.ofConversation(nodeA.client(), conversation, OptionalLong.of(0))) {
            for (int round = 0; round < 4; round++) {
                // Each round starts on an idle conversation, on the node whose turn it is, and queues a turn on
                // the other node behind it, so both nodes run turns and both try to start the queued ones.
                ServerProcess first = round % 2 == 0 ? nodeA : nodeB;
                ServerProcess second = round % 2 == 0 ? nodeB : nodeA;
                List<String> posted = new ArrayList<>();
                posted.add(first.client().postAccepted(conversation, "round " + round + " first"));
                posted.add(second.client().postAccepted(conversation, "round " + round + " second"));
                posted.add(first.client().postAccepted(conversation, "round " + round + " third"));
                turns.addAll(posted);
                stream.awaitFinals(posted, WAIT);
            }
        } finally {
            watching.set(false);
            watcher.join();
        }
        List<SseFrame> journal = DATABASE.journal(conversation);
        JournalChecks.assertGapFree(journal, 1);
        JournalChecks.assertTurnsWellFormed(journal, Set.of());
        JournalChecks.assertOneTurnAtATime(journal);
        assertThat(JournalChecks.acceptedTurns(journal)).isEqualTo(turns);
        assertThat(JournalChecks.outcomes(journal)).containsExactly(Map.entry("completed", 12L));
        Map<String, Long> runsPerNode = ranOn.values().stream()
                .collect(Collectors.groupingBy(owner -> owner, Collectors.counting()));
        System.out.printf("[two nodes] 12 alternating turns ran without overlap; seen running on: %s%n", runsPerNode);
        assertThat(runsPerNode).as("both nodes ran turns of the conversation").containsKeys("node-a", "node-b");
    }

    @Test
    void givenOneKeyPostedToBothNodesAtOnce_whenBothAnswer_thenExactlyOneTurnIsStarted() throws Exception {
        String conversation = nodeA.client().createConversation();
        List<String> turnIds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            String key = "both-nodes-" + round;
            String text = "same message " + round;
            CountDownLatch go = new CountDownLatch(1);
            List<Reply> answers = new ArrayList<>();
            try (ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Reply>> futures = new ArrayList<>();
                for (ServerProcess node : List.of(nodeA, nodeB, nodeA, nodeB)) {
                    ApiClient client = node.client();
                    futures.add(posters.submit(() -> {
                        go.await();
                        return client.post(conversation, text, Optional.of(key));
                    }));
                }
                go.countDown();
                for (Future<Reply> future : futures) {
                    answers.add(future.get());
                }
            }
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(202));
            assertThat(answers.stream().map(Reply::turnId).distinct()).hasSize(1);
            assertThat(answers).filteredOn(answer -> !answer.idempotent()).hasSize(1);
            turnIds.add(answers.getFirst().turnId());
        }
        assertThat(DATABASE.turnCount(conversation)).isEqualTo(5);
        try (SseClient stream = SseClient.ofConversation(nodeB.client(), conversation, OptionalLong.of(0))) {
            stream.awaitFinals(turnIds, WAIT);
            JournalChecks.assertTurnsWellFormed(stream.events(), Set.of());
            assertThat(JournalChecks.acceptedTurns(stream.events())).isEqualTo(turnIds);
        }
    }
}
