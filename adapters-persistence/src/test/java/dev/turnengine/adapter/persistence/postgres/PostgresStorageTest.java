package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.idempotency.Fingerprint;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.KeyClaim;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.BusyPolicy;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only a database can show: restarts, several nodes on one database, group commit, lost connections. */
@SuppressWarnings("try") // subscriptions are held open by try-with-resources, unused inside
class PostgresStorageTest {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final TenantId TENANT = new TenantId("acme");
    private static final NodeId NODE_A = new NodeId("node-a");
    private static final NodeId NODE_B = new NodeId("node-b");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Storage nodeA;

    @BeforeEach
    void emptySchema() {
        nodeA = DATABASE.freshStorage();
    }

    @Test
    void givenStorageRestarted_thenJournalTurnsAndKeysAreIntactAndSequenceGoesOn() {
        PostgresStorage before = DATABASE.open();
        ConversationId id = conversation(before);
        Admission.Request keyed = keyed(id, "k-restart", Instant.now());
        Turn turn = ((Admission.Admitted) before.turns().admit(keyed)).turn();
        before.turns().startNext(id, NODE_A, Instant.now().plusSeconds(60), Instant.now());
        before.journal().appendDelta(id, turn.id(), new TextDelta("Hello, "));
        before.journal().appendDelta(id, turn.id(), new TextDelta("again"));
        before.turns().finish(id, turn.id(), TurnFinal.completed("Hello, again", Optional.empty()), Instant.now());
        List<JournalEvent> journal = before.journal().read(id, 0, 100);
        DATABASE.close(before);

        Storage after = DATABASE.open();

        assertThat(after.journal().read(id, 0, 100)).isEqualTo(journal).hasSize(5);
        assertThat(after.turns().find(id, turn.id())).hasValueSatisfying(found -> {
            assertThat(found.status()).isEqualTo(TurnStatus.COMPLETED);
            assertThat(found.replyText()).isEqualTo("Hello, again");
        });
        assertThat(after.turns().admit(keyed(id, "k-restart", Instant.now())))
                .isInstanceOf(Admission.Duplicate.class);
        assertThat(after.journal().streamedText(id, turn.id())).isEqualTo("Hello, again");
        Recorder replay = new Recorder();
        try (Subscription ignored = after.journal().subscribe(id, 0, replay)) {
            await().atMost(WAIT).until(() -> replay.events.size() == 5);
        }
        assertThat(replay.events).isEqualTo(journal);
        Turn next = ((Admission.Admitted) after.turns().admit(keyed(id, "k-next", Instant.now()))).turn();
        assertThat(next.acceptedSeq()).isEqualTo(6);
    }

    @Test
    void givenTwoNodes_whenDeltasAppendedOnOne_thenSubscriberOnTheOtherGetsThemLiveInOrder() {
        Storage nodeB = DATABASE.open();
        ConversationId id = conversation(nodeA);
        Turn turn = running(nodeA, id);
        Recorder onB = new Recorder();
        try (Subscription ignored = nodeB.journal().subscribe(id, 2, onB)) {
            for (int i = 0; i < 20; i++) {
                nodeA.journal().appendDelta(id, turn.id(), new TextDelta("d" + i));
            }
            nodeA.turns().finish(id, turn.id(), TurnFinal.completed("", Optional.empty()), Instant.now());

            await().atMost(Duration.ofSeconds(3)).until(() -> onB.events.size() == 21);
        }
        assertThat(onB.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(3, 23).boxed().toList());
    }

    @Test
    void givenTwoNodes_whenInterruptRequestedOnOne_thenListenerOnTheOtherIsTold() {
        PostgresStorage nodeB = DATABASE.open();
        List<TurnId> told = new CopyOnWriteArrayList<>();
        ConversationId id = ConversationId.random();
        TurnId turn = TurnId.random();
        try (Subscription ignored = nodeB.interrupts().listen((c, t) -> told.add(t))) {

            nodeA.interrupts().request(id, turn);

            await().atMost(Duration.ofSeconds(3)).until(() -> told.size() == 1);
        }
        assertThat(told).containsExactly(turn);
    }

    @Test
    void givenInterruptRequestedWhileNodeWasNotListening_whenNodeListensAgain_thenItIsToldOfIt() throws SQLException {
        ConversationId id = conversation(nodeA);
        Turn turn = running(nodeA, id);
        Turn ended = running(nodeA, conversation(nodeA));
        nodeA.interrupts().request(id, turn.id());
        nodeA.interrupts().request(ended.conversationId(), ended.id());
        nodeA.turns().finish(ended.conversationId(), ended.id(), TurnFinal.interrupted("", Optional.empty(),
                Optional.empty()), Instant.now());
        PostgresStorage nodeB = DATABASE.open(); // it was not listening when the requests were announced
        List<TurnId> told = new CopyOnWriteArrayList<>();
        try (Subscription ignored = nodeB.interrupts().listen((c, t) -> told.add(t))) {
            assertThat(told).isEmpty();

            assertThat(terminateConnectionsOf(nodeB)).isPositive(); // its LISTEN connection among them

            await().atMost(WAIT).until(() -> !told.isEmpty());
        }
        assertThat(told).as("the stored request of the still running turn only").containsExactly(turn.id());
    }

    @Test
    void givenTwoNodes_whenOneKeyIsAdmittedOnBothAtOnce_thenExactlyOneTurn() throws Exception {
        Storage nodeB = DATABASE.open();
        ConversationId id = conversation(nodeA);
        Instant now = Instant.now();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Storage node = i % 2 == 0 ? nodeA : nodeB;
            attempts.add(() -> {
                start.await();
                return node.turns().admit(keyed(id, "same", now));
            });
        }
        List<Admission> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Admission>> futures = attempts.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Admission> future : futures) {
                outcomes.add(future.get());
            }
        }

        assertThat(outcomes).filteredOn(Admission.Admitted.class::isInstance).hasSize(1);
        assertThat(nodeB.turns().list(id, 0, 100)).hasSize(1);
    }

    @Test
    void givenTwoNodes_whenBothStartTheNextTurn_thenOnlyOneRuns() throws Exception {
        Storage nodeB = DATABASE.open();
        ConversationId id = conversation(nodeA);
        nodeA.turns().admit(plain(id, "one"));
        nodeA.turns().admit(plain(id, "two"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Turn>>> attempts = new ArrayList<>();
        List<Optional<Turn>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                Storage node = i % 2 == 0 ? nodeA : nodeB;
                NodeId owner = i % 2 == 0 ? NODE_A : NODE_B;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return node.turns().startNext(id, owner, Instant.now().plusSeconds(60), Instant.now());
                }));
            }
            start.countDown();
            for (Future<Optional<Turn>> attempt : attempts) {
                outcomes.add(attempt.get());
            }
        }

        assertThat(outcomes).hasSize(10).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(nodeA.turns().activity(id).queuedTurns()).isEqualTo(1);
    }

    @Test
    void givenManyTurnsStreamingAtOnce_thenDeltasShareCommitsAndEverySequenceIsGapFree() throws Exception {
        int conversations = 40;
        int deltas = 25;
        List<ConversationId> ids = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            ConversationId id = conversation(nodeA);
            ids.add(id);
            turns.add(running(nodeA, id));
        }
        long commitsBefore = DATABASE.storage().journalCommits();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                ConversationId id = ids.get(i);
                TurnId turn = turns.get(i).id();
                futures.add(pool.submit(() -> {
                    for (int d = 0; d < deltas; d++) {
                        nodeA.journal().appendDelta(id, turn, new TextDelta("x"));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        long commits = DATABASE.storage().journalCommits() - commitsBefore;
        assertThat(commits).isLessThan(conversations * deltas / 2);
        for (ConversationId id : ids) {
            assertThat(nodeA.journal().read(id, 0, 1000)).extracting(JournalEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2 + deltas).boxed().toList());
        }
    }

    @Test
    void givenAppendersInterrupted_whenTheyAppend_thenExactlyTheDeltasReportedWrittenAreJournaled() throws Exception {
        ConversationId id = conversation(nodeA);
        Turn turn = running(nodeA, id);
        StringBuilder reportedWritten = new StringBuilder();
        int refused = 0;
        for (int i = 0; i < 100; i++) {
            String delta = "d" + i + " ";
            Callable<Boolean> interruptedAppend = () -> {
                Thread.currentThread().interrupt(); // as when an interrupt cancels the agent mid-append
                try {
                    nodeA.journal().appendDelta(id, turn.id(), new TextDelta(delta));
                    return true;
                } catch (dev.turnengine.domain.port.StorageUnavailableException e) {
                    return false;
                }
            };
            try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
                if (thread.submit(interruptedAppend).get()) {
                    reportedWritten.append(delta);
                } else {
                    refused++;
                }
            }
        }
        nodeA.journal().appendDelta(id, turn.id(), new TextDelta("end")); // committed after every earlier batch

        assertThat(nodeA.journal().streamedText(id, turn.id())).isEqualTo(reportedWritten + "end");
        assertThat(refused).as("some appends gave up before the writer took them").isPositive();
    }

    @Test
    void givenNodesConnectionsKilled_whenEventsFollow_thenItReconnectsAndDeliversWithoutGap() throws SQLException {
        PostgresStorage nodeB = DATABASE.open();
        ConversationId id = conversation(nodeA);
        Turn turn = running(nodeA, id);
        Recorder onB = new Recorder();
        try (Subscription ignored = nodeB.journal().subscribe(id, 0, onB)) {
            await().atMost(WAIT).until(() -> onB.events.size() == 2);

            int killed = terminateConnectionsOf(nodeB);
            for (int i = 0; i < 5; i++) {
                nodeA.journal().appendDelta(id, turn.id(), new TextDelta("d" + i));
            }

            assertThat(killed).isGreaterThanOrEqualTo(2);
            await().atMost(WAIT).until(() -> onB.events.size() == 7);
            await().atMost(WAIT).until(() -> nodeB.health().isReachable());
            nodeA.journal().appendDelta(id, turn.id(), new TextDelta("after"));
            await().atMost(WAIT).until(() -> onB.events.size() == 8);
        }
        assertThat(onB.error.get()).isNull();
        assertThat(onB.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 8).boxed().toList());
    }

    private static int terminateConnectionsOf(PostgresStorage node) throws SQLException {
        try (PreparedStatement kill = DATABASE.admin().prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                + "FROM pg_stat_activity WHERE application_name LIKE ?")) {
            kill.setString(1, node.applicationName() + "%");
            try (var rows = kill.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static ConversationId conversation(Storage ports) {
        Conversation conversation = Conversation.start(TENANT, "echo", "web", Instant.now());
        ports.conversations().create(conversation);
        return conversation.id();
    }

    private static Turn running(Storage ports, ConversationId id) {
        ports.turns().admit(plain(id, "hello"));
        return ports.turns().startNext(id, NODE_A, Instant.now().plusSeconds(60), Instant.now()).orElseThrow();
    }

    private static Admission.Request plain(ConversationId id, String text) {
        return new Admission.Request(TENANT, id, TurnId.random(), UserMessage.text(text), "web", Optional.empty(),
                false, Instant.now());
    }

    private static Admission.Request keyed(ConversationId id, String key, Instant now) {
        UserMessage message = UserMessage.text("hello");
        KeyClaim claim = new KeyClaim(new IdempotencyKey(key), Fingerprint.of(message, "web", BusyPolicy.ENQUEUE),
                now.plus(Duration.ofHours(24)));
        return new Admission.Request(TENANT, id, TurnId.random(), message, "web", Optional.of(claim), false, now);
    }

    /** Collects a subscription's events and any error. */
    private static final class Recorder implements TurnJournal.JournalListener {

        final List<JournalEvent> events = new CopyOnWriteArrayList<>();
        final AtomicReference<RuntimeException> error = new AtomicReference<>();

        @Override
        public void onEvent(JournalEvent event) {
            events.add(event);
        }

        @Override
        public void onError(RuntimeException failure) {
            error.set(failure);
        }

        List<Long> seqs() {
            return events.stream().map(JournalEvent::seq).toList();
        }
    }
}
