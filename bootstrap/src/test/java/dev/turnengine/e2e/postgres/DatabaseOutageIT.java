package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import dev.turnengine.testkit.net.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away under load and comes back: a proxy between the server and PostgreSQL is cut (as
 * a stopped database would) and restored, without disturbing the database other test classes use.
 */
class DatabaseOutageIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    private static final int CONVERSATIONS = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration FAST_FAILURE = Duration.ofSeconds(3);
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private static TcpProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = TcpProxy.to(DATABASE.host(), DATABASE.port());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** What one request during the test was answered, and when it was sent. */
    private record Answer(long sentNanos, int status, String code, Duration took) {
    }

    @Test
    void givenTurnsStreaming_whenDatabaseIsCutAndRestored_thenRequestsFailFastAndEveryTurnEndsOnceWithNoEventLost()
            throws Exception {
        try (ServerProcess server = ServerProcess.node("outage-node", DATABASE.serverUrlVia(proxy))
                .echoDelay(Duration.ofMillis(60)).start()) {
            ApiClient client = server.client();
            List<String> conversations = new ArrayList<>();
            List<SseClient> streams = new ArrayList<>();
            for (int i = 0; i < CONVERSATIONS; i++) {
                conversations.add(client.createConversation());
                streams.add(SseClient.reconnecting(client, conversations.get(i), 0));
            }
            Map<String, Map<String, String>> acceptedByConversation = new ConcurrentHashMap<>();
            List<Answer> refusedPosts = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean posting = new AtomicBoolean(true);
            List<Thread> posters = new ArrayList<>();
            for (String conversation : conversations) {
                Map<String, String> accepted = Collections.synchronizedMap(new LinkedHashMap<>());
                acceptedByConversation.put(conversation, accepted);
                posters.add(Thread.ofVirtual().start(() -> post(client, conversation, accepted, refusedPosts, posting)));
            }

            Thread.sleep(2_500);
            long cutAt = System.nanoTime();
            proxy.cut();
            List<Answer> health = Collections.synchronizedList(new ArrayList<>());
            List<Answer> reads = Collections.synchronizedList(new ArrayList<>());
            Thread healthProbe = Thread.ofVirtual().start(() -> probe(cutAt, health, client::health));
            Thread readProbe = Thread.ofVirtual().start(() -> probe(cutAt, reads, () -> client.send("GET",
                    "/v1/api/conversations/" + conversations.getFirst() + "/turns", null, Optional.empty())));
            healthProbe.join();
            readProbe.join();
            proxy.restore();
            long restoredAt = System.nanoTime();
            Duration recovery = null;
            while (System.nanoTime() - restoredAt < RECOVERY.toNanos() * 2) {
                if (client.health().status() == 200) {
                    recovery = Duration.ofNanos(System.nanoTime() - restoredAt);
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(2_000);
            posting.set(false);
            for (Thread poster : posters) {
                poster.join(Duration.ofSeconds(60));
            }

            Map<String, Long> outcomes = new LinkedHashMap<>();
            int turns = 0;
            for (int i = 0; i < CONVERSATIONS; i++) {
                String conversation = conversations.get(i);
                Map<String, String> accepted = Map.copyOf(acceptedByConversation.get(conversation));
                turns += accepted.size();
                SseClient stream = streams.get(i);
                stream.awaitFinals(accepted.values(), Duration.ofSeconds(60));
                stream.close();
                List<SseFrame> received = stream.events();
                List<SseFrame> journal = DATABASE.journal(conversation);

                assertThat(JournalChecks.outline(received)).as("the reconnecting stream saw the journal exactly")
                        .isEqualTo(JournalChecks.outline(journal));
                JournalChecks.assertGapFree(received, 1);
                JournalChecks.assertTurnsWellFormed(journal, Set.of());
                JournalChecks.assertOneTurnAtATime(journal);
                assertThat(JournalChecks.finals(journal).keySet()).containsExactlyInAnyOrderElementsOf(accepted.values());
                assertThat(DATABASE.turnCount(conversation)).as("no turn but the accepted ones").isEqualTo(accepted.size());
                assertThat(DATABASE.turnsWithoutAcceptance(conversation)).isEmpty();
                assertThat(DATABASE.turnsDisagreeingWithJournal(conversation)).isEmpty();
                accepted.forEach((key, turn) -> assertThat(DATABASE.turnOfKey(conversation, key)).contains(turn));
                JournalChecks.outcomes(journal).forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
                System.out.printf("[outage] conversation %d: %d turns, stream reconnected %d times%n", i + 1,
                        accepted.size(), stream.connections() - 1);
            }

            // Requests sent in the outage and answered before it ended; the cut itself is a moment of transition.
            long settled = cutAt + Duration.ofMillis(200).toNanos();
            List<Answer> outagePosts = refusedPosts.stream().filter(answer -> answer.sentNanos() > settled
                    && answer.sentNanos() + answer.took().toNanos() < restoredAt).toList();
            List<Answer> outageHealth = health.stream().filter(answer -> answer.sentNanos() > settled).toList();
            List<Answer> outageReads = reads.stream().filter(answer -> answer.sentNanos() > settled).toList();
            System.out.printf("[outage] %d turns, finals %s; during the %d s outage: %d posts answered 503 in at most "
                    + "%d ms, /health 503 in at most %d ms (%d of %d probes), reads 503 in at most %d ms; "
                    + "/health 200 again %d ms after the restore%n", turns, outcomes, OUTAGE.toSeconds(),
                    outagePosts.size(), maxMillis(outagePosts), maxMillis(outageHealth), outageHealth.size(),
                    health.size(), maxMillis(outageReads), recovery == null ? -1 : recovery.toMillis());

            assertThat(refusedPosts).as("posts refused for anything but the outage")
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(503))
                    .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("storage_unavailable"));
            assertThat(outagePosts).as("posts during the outage").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.took()).isLessThan(FAST_FAILURE));
            assertThat(outageHealth).as("/health during the outage").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(503))
                    .allSatisfy(answer -> assertThat(answer.took()).isLessThan(FAST_FAILURE));
            assertThat(outageReads).as("reads during the outage").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(503))
                    .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("storage_unavailable"))
                    .allSatisfy(answer -> assertThat(answer.took()).isLessThan(FAST_FAILURE));
            assertThat(recovery).as("/health answers 200 again, without a restart").isNotNull()
                    .isLessThan(RECOVERY);
            assertThat(turns).isGreaterThan(CONVERSATIONS * 4);
        }
    }

    @Test
    void givenTurnSilentThroughOutageLongerThanLease_whenDatabaseReturns_thenItsNodeCarriesOnAndCompletesIt()
            throws InterruptedException {
        int leaseSeconds = 2;
        try (ServerProcess server = ServerProcess.node("silent-node", DATABASE.serverUrlVia(proxy))
                .leaseSeconds(leaseSeconds).echoDelay(Duration.ofSeconds(5)).start()) {
            ApiClient client = server.client();
            String conversation = client.createConversation();
            try (SseClient stream = SseClient.reconnecting(client, conversation, 0)) {
                // The echo agent waits 5 s before each word: the outage falls inside that silence.
                String turn = client.postAccepted(conversation, "patient reply");
                stream.await(event -> event.turnId().equals(turn) && event.type().equals("turn_started"),
                        Duration.ofSeconds(10), "turn_started");
                Thread.sleep(1_000); // the agent has its request and is waiting to speak
                proxy.cut();
                Thread.sleep(leaseSeconds * 1_000L + 1_500);
                proxy.restore();

                SseFrame ending = stream.awaitFinal(turn, Duration.ofSeconds(30));
                assertThat(ending.status()).as("the node was alive all along: its lease lapsed, not its turn (%s)",
                        ending.data())
                        .isEqualTo("completed");
                assertThat(ending.text()).isEqualTo("patient reply");
                JournalChecks.assertTurnsWellFormed(DATABASE.journal(conversation), Set.of());
            }
        }
    }

    /**
     * Posts a message every few hundred milliseconds, each with its own key; a 503 is retried with the same
     * key until accepted, as a well-behaved client does. Stops after {@code posting} turns false.
     */
    private static void post(ApiClient client, String conversation, Map<String, String> accepted,
            List<Answer> refused, AtomicBoolean posting) {
        int n = 0;
        while (posting.get()) {
            n++;
            String key = "msg-" + n;
            String text = "message " + n + " of " + conversation.substring(0, 8) + " streams a few words back";
            while (true) {
                long sent = System.nanoTime();
                Reply posted;
                try {
                    posted = client.post(conversation, text, Optional.of(key));
                } catch (RuntimeException e) {
                    refused.add(new Answer(sent, -1, e.toString(), Duration.ofNanos(System.nanoTime() - sent)));
                    sleep(200);
                    continue;
                }
                if (posted.accepted()) {
                    accepted.put(key, posted.turnId());
                    break;
                }
                refused.add(new Answer(sent, posted.status(), posted.code(), posted.took()));
                sleep(200);
            }
            sleep(250);
        }
    }

    /** Sends a request every 300 ms until the outage is over, recording what each was answered. */
    private static void probe(long cutAt, List<Answer> answers, java.util.function.Supplier<Reply> request) {
        while (System.nanoTime() - cutAt < OUTAGE.toNanos() - Duration.ofMillis(300).toNanos()) {
            long sent = System.nanoTime();
            Reply reply = request.get();
            answers.add(new Answer(sent, reply.status(), reply.code(), reply.took()));
            sleep(300);
        }
    }

    private static long maxMillis(List<Answer> answers) {
        return answers.stream().mapToLong(answer -> answer.took().toMillis()).max().orElse(-1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
