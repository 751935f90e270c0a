package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The {@link TurnJournal} contract: gap-free appends, reads, and subscriptions that replay then go live. */
@SuppressWarnings("try") // subscriptions are held open by try-with-resources, unused inside
public abstract class TurnJournalContract extends ContractSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void givenRunningTurn_whenDeltaAppended_thenStoredWithNextSeqAndReadBack() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");

        JournalEvent event = storage.journal().appendDelta(id, turn.id(), new TextDelta("Hel"));

        assertThat(event.seq()).isEqualTo(3);
        assertThat(event.turnId()).isEqualTo(turn.id());
        assertThat(event.event()).isEqualTo(new TextDelta("Hel"));
        assertThat(storage.journal().read(id, 2, 10)).containsExactly(event);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(3);
    }

    @Test
    void givenDeltasOfTwoTurns_whenStreamedText_thenOnlyThatTurnsTextInOrder() {
        ConversationId id = newConversation().id();
        Turn first = running(id, "one");
        storage.journal().appendDelta(id, first.id(), new TextDelta("Hello"));
        storage.journal().appendDelta(id, first.id(), new TextDelta(", "));
        storage.journal().appendDelta(id, first.id(), new TextDelta("world"));
        storage.turns().finish(id, first.id(), TurnFinal.completed("Hello, world", Optional.empty()), at(2));
        Turn second = running(id, "two");
        storage.journal().appendDelta(id, second.id(), new TextDelta("Bye"));

        assertThat(storage.journal().streamedText(id, first.id())).isEqualTo("Hello, world");
        assertThat(storage.journal().streamedText(id, second.id())).isEqualTo("Bye");
    }

    @Test
    void givenDeltaWithNulCharacter_whenReadAndStreamed_thenUnchanged() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");

        storage.journal().appendDelta(id, turn.id(), new TextDelta("a\u0000b"));

        assertThat(storage.journal().read(id, 2, 1).getFirst().event()).isEqualTo(new TextDelta("a\u0000b"));
        assertThat(storage.journal().streamedText(id, turn.id())).isEqualTo("a\u0000b");
    }

    @Test
    void givenTurnWithoutDeltas_whenStreamedText_thenEmpty() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");

        assertThat(storage.journal().streamedText(id, turn.id())).isEmpty();
    }

    @Test
    void givenEvents_whenReadAfterSeq_thenLaterOnesOldestFirstAtMostLimit() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        for (int i = 0; i < 5; i++) {
            storage.journal().appendDelta(id, turn.id(), new TextDelta("d" + i));
        }

        assertThat(storage.journal().read(id, 3, 2)).extracting(JournalEvent::seq).containsExactly(4L, 5L);
        assertThat(storage.journal().read(id, 6, 10)).extracting(JournalEvent::seq).containsExactly(7L);
        assertThat(storage.journal().read(id, 7, 10)).isEmpty();
        assertThat(storage.journal().read(id, 0, 100)).hasSize(7);
    }

    @Test
    void givenNewConversation_whenLastSeq_thenZero() {
        ConversationId id = newConversation().id();

        assertThat(storage.journal().lastSeq(id)).isZero();
        assertThat(storage.journal().read(id, 0, 10)).isEmpty();
        assertThat(storage.journal().lastSeq(ConversationId.random())).isZero();
    }

    @Test
    void givenQueuedTurn_whenDeltaAppended_thenRefused() {
        ConversationId id = newConversation().id();
        Turn turn = admit(id, "hello");

        assertThatThrownBy(() -> storage.journal().appendDelta(id, turn.id(), new TextDelta("x")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(1);
    }

    @Test
    void givenEndedTurn_whenDeltaAppended_thenRefusedAndNothingFollowsItsFinal() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        storage.turns().finish(id, turn.id(), TurnFinal.interrupted("", Optional.empty(), Optional.empty()), at(2));

        assertThatThrownBy(() -> storage.journal().appendDelta(id, turn.id(), new TextDelta("late")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(3);
    }

    @Test
    void givenStoredEvents_whenSubscribedAfterCursor_thenLaterOnesReplayedInOrder() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        for (int i = 0; i < 5; i++) {
            storage.journal().appendDelta(id, turn.id(), new TextDelta("d" + i));
        }
        Recorder recorder = new Recorder();

        try (Subscription ignored = storage.journal().subscribe(id, 4, recorder)) {
            await().atMost(WAIT).until(() -> recorder.seqs().size() == 3);
            assertThat(recorder.seqs()).containsExactly(5L, 6L, 7L);
            assertThat(recorder.events().getFirst()).isEqualTo(storage.journal().read(id, 4, 1).getFirst());
        }
    }

    @Test
    void givenSubscriptionAtTheEnd_whenEventsAppended_thenDeliveredLive() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        Recorder recorder = new Recorder();

        try (Subscription ignored = storage.journal().subscribe(id, storage.journal().lastSeq(id), recorder)) {
            storage.journal().appendDelta(id, turn.id(), new TextDelta("a"));
            storage.turns().finish(id, turn.id(), TurnFinal.completed("a", Optional.empty()), at(2));

            await().atMost(WAIT).until(() -> recorder.seqs().size() == 2);
            assertThat(recorder.seqs()).containsExactly(3L, 4L);
            assertThat(recorder.events().getLast().isFinal()).isTrue();
        }
    }

    @Test
    void givenAppendsGoingOn_whenSubscribedAtVariousCursors_thenEachSeesEveryLaterEventOnceInOrder()
            throws Exception {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        int deltas = 300;
        CountDownLatch halfway = new CountDownLatch(1);
        List<Recorder> recorders = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        try (ExecutorService appender = Executors.newSingleThreadExecutor()) {
            Future<?> appending = appender.submit(() -> {
                for (int i = 0; i < deltas; i++) {
                    storage.journal().appendDelta(id, turn.id(), new TextDelta("d" + i + " "));
                    if (i == 30) {
                        halfway.countDown();
                    }
                }
                storage.turns().finish(id, turn.id(), TurnFinal.completed("", Optional.empty()), at(3));
            });
            assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 6; i++) {
                long cursor = i == 0 ? 0 : storage.journal().lastSeq(id) - i;
                Recorder recorder = new Recorder();
                cursors.add(cursor);
                recorders.add(recorder);
                subscriptions.add(storage.journal().subscribe(id, cursor, recorder));
            }
            appending.get(30, TimeUnit.SECONDS);
        }
        long last = storage.journal().lastSeq(id);
        assertThat(last).isEqualTo(deltas + 3L);

        for (int i = 0; i < recorders.size(); i++) {
            Recorder recorder = recorders.get(i);
            long cursor = cursors.get(i);
            await().atMost(WAIT).until(() -> recorder.seqs().size() >= last - cursor);
            assertThat(recorder.seqs()).containsExactlyElementsOf(
                    LongStream.rangeClosed(cursor + 1, last).boxed().toList());
            assertThat(recorder.maxConcurrentCalls()).isEqualTo(1);
        }
        subscriptions.forEach(Subscription::close);
    }

    @Test
    void givenSubscription_thenListenerIsNeverCalledOnTheSubscribingThread() {
        ConversationId id = newConversation().id();
        running(id, "hello");
        Thread subscriber = Thread.currentThread();
        List<Thread> callers = new CopyOnWriteArrayList<>();

        try (Subscription ignored = storage.journal().subscribe(id, 0,
                event -> callers.add(Thread.currentThread()))) {
            await().atMost(WAIT).until(() -> callers.size() == 2);
        }
        assertThat(callers).doesNotContain(subscriber);
    }

    @Test
    void givenClosedSubscription_whenEventsAppended_thenNothingMoreDelivered() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        Recorder recorder = new Recorder();
        Subscription subscription = storage.journal().subscribe(id, 0, recorder);
        await().atMost(WAIT).until(() -> recorder.seqs().size() == 2);

        subscription.close();
        subscription.close();
        storage.journal().appendDelta(id, turn.id(), new TextDelta("unseen"));
        Recorder control = new Recorder();
        try (Subscription ignored = storage.journal().subscribe(id, 2, control)) {
            await().atMost(WAIT).until(() -> control.seqs().size() == 1);
        }

        assertThat(recorder.seqs()).containsExactly(1L, 2L);
    }

    @Test
    void givenListenerThatThrows_whenEventsArrive_thenOtherSubscriptionsGoOn() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        Recorder healthy = new Recorder();
        try (Subscription broken = storage.journal().subscribe(id, 0, event -> {
            throw new IllegalStateException("listener bug");
        }); Subscription ignored = storage.journal().subscribe(id, 0, healthy)) {
            storage.journal().appendDelta(id, turn.id(), new TextDelta("x"));

            await().atMost(WAIT).until(() -> healthy.seqs().size() == 3);
        }
    }

    @Test
    void givenManyConversationsAppendingConcurrently_thenEachSequenceIsGapFree() throws Exception {
        int conversations = 8;
        int deltasEach = 50;
        List<ConversationId> ids = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            ConversationId id = newConversation().id();
            ids.add(id);
            turns.add(running(id, "hello"));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(conversations * 2)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                ConversationId id = ids.get(i);
                Turn turn = turns.get(i);
                for (int writer = 0; writer < 2; writer++) {
                    futures.add(pool.submit(() -> {
                        for (int d = 0; d < deltasEach; d++) {
                            storage.journal().appendDelta(id, turn.id(), new TextDelta("x"));
                        }
                    }));
                }
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }

        for (ConversationId id : ids) {
            assertThat(storage.journal().read(id, 0, 1000)).extracting(JournalEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2 + 2L * deltasEach).boxed().toList());
        }
    }

    @Test
    void givenThousandsOfIdleSubscriptions_whenOneEventArrives_thenEveryoneGetsIt() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        int count = 2_000;
        AtomicInteger delivered = new AtomicInteger();
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            subscriptions.add(storage.journal().subscribe(id, 2, event -> delivered.incrementAndGet()));
        }

        storage.journal().appendDelta(id, turn.id(), new TextDelta("everyone"));

        await().atMost(WAIT).until(() -> delivered.get() == count);
        subscriptions.forEach(Subscription::close);
    }

    /** Records what a subscription delivers, and whether calls ever overlapped. */
    protected static final class Recorder implements TurnJournal.JournalListener {

        private final List<JournalEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public void onEvent(JournalEvent event) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            events.add(event);
            inFlight.decrementAndGet();
        }

        public List<JournalEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        public List<Long> seqs() {
            return events().stream().map(JournalEvent::seq).toList();
        }

        public int maxConcurrentCalls() {
            return maxInFlight.get();
        }
    }
}
