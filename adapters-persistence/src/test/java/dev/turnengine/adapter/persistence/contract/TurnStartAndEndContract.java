package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.TurnStore.Finished;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link dev.turnengine.domain.port.TurnStore} contract for starting a turn in its admission and ending it with
 * its last text: what saves a turn two transactions on a database must behave exactly as the separate steps do.
 */
public abstract class TurnStartAndEndContract extends ContractSupport {

    private static final Admission.Start START = new Admission.Start(NODE, at(60), 20);

    private Admission.Admitted admitStarting(Conversation conversation, String text) {
        Admission admission = storage.turns().admit(request(conversation.id(), text).startingIfIdle(START));
        if (!(admission instanceof Admission.Admitted admitted)) {
            throw new AssertionError("expected the turn to be admitted, got " + admission);
        }
        return admitted;
    }

    @Test
    void givenIdleConversation_whenAdmittedWithStart_thenRunningUnderTheLeaseWithStartedJournaledNext() {
        Conversation conversation = newConversation();

        Admission.Admitted admitted = admitStarting(conversation, "hello");

        assertThat(admitted.started()).isTrue();
        Turn turn = admitted.turn();
        assertThat(turn.status()).isEqualTo(TurnStatus.RUNNING);
        assertThat(turn.startedAt()).contains(T0);
        assertThat(storage.turns().find(conversation.id(), turn.id()).orElseThrow().status())
                .isEqualTo(TurnStatus.RUNNING);
        assertThat(storage.turns().runningOn(NODE)).extracting(Turn::id).containsExactly(turn.id());
        List<JournalEvent> events = storage.journal().read(conversation.id(), 0, 10);
        assertThat(events).extracting(JournalEvent::seq).containsExactly(1L, 2L);
        assertThat(events.get(1).event()).isEqualTo(new TurnStarted());
        assertThat(events.get(1).turnId()).isEqualTo(turn.id());
        assertThat(storage.journal().lastSeq(conversation.id())).isEqualTo(2);
        assertThat(admitted.conversation().id()).isEqualTo(conversation.id());
        assertThat(admitted.conversation().agent()).isEqualTo(conversation.agent());
        // Nothing is left for a drain to start: the admitted turn is the running one.
        assertThat(storage.turns().startNext(conversation.id(), OTHER_NODE, at(60), at(1))).isEmpty();
    }

    @Test
    void givenBusyConversation_whenAdmittedWithStart_thenQueuedAsWithoutIt() {
        Conversation conversation = newConversation();
        Turn running = running(conversation.id(), "first");

        Admission.Admitted admitted = admitStarting(conversation, "second");

        assertThat(admitted.started()).isFalse();
        assertThat(admitted.turn().status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(admitted.history()).isEmpty();
        assertThat(storage.turns().activity(conversation.id()))
                .isEqualTo(new ConversationActivity(Optional.of(running.id()), 1));
        // Only its acceptance is journaled, and the stored turn has no start or lease.
        assertThat(storage.journal().lastSeq(conversation.id())).isEqualTo(admitted.turn().acceptedSeq());
        assertThat(storage.journal().read(conversation.id(), admitted.turn().acceptedSeq() - 1, 10))
                .extracting(event -> event.event().type()).containsExactly("turn_accepted");
        Turn stored = storage.turns().find(conversation.id(), admitted.turn().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(stored.startedAt()).isEmpty();
    }

    @Test
    void givenIdleConversation_whenManyAdmittedWithStartAtOnce_thenExactlyOneStartsAndTheRestQueue()
            throws Exception {
        Conversation conversation = newConversation();
        int admissions = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Admission.Admitted> admitted = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(admissions)) {
            List<Future<Admission.Admitted>> futures = new ArrayList<>();
            for (int i = 0; i < admissions; i++) {
                String text = "message " + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return admitStarting(conversation, text);
                }));
            }
            go.countDown();
            for (Future<Admission.Admitted> future : futures) {
                admitted.add(future.get());
            }
        }

        assertThat(admitted).filteredOn(Admission.Admitted::started).hasSize(1);
        Turn first = admitted.stream().filter(Admission.Admitted::started).findFirst().orElseThrow().turn();
        assertThat(storage.turns().activity(conversation.id()))
                .isEqualTo(new ConversationActivity(Optional.of(first.id()), admissions - 1));
        // Gap-free: one turn_accepted each and one turn_started, for the turn that started, right after its own.
        List<JournalEvent> journal = storage.journal().read(conversation.id(), 0, 100);
        assertThat(journal).extracting(JournalEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, admissions + 1).boxed().toList());
        assertThat(journal).filteredOn(event -> event.event() instanceof TurnStarted).singleElement()
                .satisfies(event -> {
                    assertThat(event.turnId()).isEqualTo(first.id());
                    assertThat(event.seq()).isEqualTo(first.acceptedSeq() + 1);
                });
    }

    @Test
    void givenEarlierExchanges_whenAdmittedWithStart_thenTheAdmissionHandsBackTheHistory() {
        Conversation conversation = newConversation();
        completed(conversation.id(), "one", "first reply");
        completed(conversation.id(), "two", "second reply");

        Admission.Admitted admitted = admitStarting(conversation, "three");

        assertThat(admitted.history()).containsExactly(
                new Exchange("one", "first reply", List.of()), new Exchange("two", "second reply", List.of()));
        assertThat(admitted.history()).isEqualTo(
                storage.turns().history(conversation.id(), admitted.turn().id(), 20));
    }

    @Test
    void givenConversation_whenAdmittedWithStart_thenTheAdmissionHandsBackTheConversationAsStored() {
        Conversation conversation = Conversation.start(TENANT, "support-agent", "mobile", T0);
        storage.conversations().create(conversation);

        Admission.Admitted admitted = admitStarting(conversation, "hello");

        assertThat(admitted.conversation()).isEqualTo(conversation.withLastTurnChannel("web"));
    }

    @Test
    void givenAnotherTenantsConversation_whenAdmitted_thenUnknownAndNothingWritten() {
        Conversation theirs = newConversation(OTHER_TENANT);

        assertThatThrownBy(() -> storage.turns().admit(request(theirs.id(), "hi").startingIfIdle(START)))
                .isInstanceOf(UnknownConversationException.class);
        assertThat(storage.journal().lastSeq(theirs.id())).isZero();
    }

    @Test
    void givenRunningTurn_whenFinishedWithLastText_thenDeltaAndFinalJournaledTogether() {
        Conversation conversation = newConversation();
        Turn turn = admitStarting(conversation, "hello").turn();
        storage.journal().appendDelta(conversation.id(), turn.id(), new TextDelta("Hel"));

        Optional<Finished> finished = storage.turns().finish(conversation.id(), turn.id(),
                Optional.of(new TextDelta("lo")), TurnFinal.completed("Hello", Optional.empty()), at(3));

        assertThat(finished).isPresent();
        assertThat(finished.get().queuedBehind()).isFalse();
        List<JournalEvent> events = storage.journal().read(conversation.id(), 0, 10);
        assertThat(events).extracting(event -> event.event().type())
                .containsExactly("turn_accepted", "turn_started", "text_delta", "text_delta", "final");
        assertThat(events.get(3).event()).isEqualTo(new TextDelta("lo"));
        assertThat(finished.get().event()).isEqualTo(events.get(4));
        assertThat(storage.journal().streamedText(conversation.id(), turn.id())).isEqualTo("Hello");
        assertThat(storage.turns().find(conversation.id(), turn.id()).orElseThrow().status())
                .isEqualTo(TurnStatus.COMPLETED);
    }

    @Test
    void givenEndedTurn_whenFinishedAgainWithLastText_thenNothingWritten() {
        Conversation conversation = newConversation();
        Turn turn = admitStarting(conversation, "hello").turn();
        storage.turns().finish(conversation.id(), turn.id(), TurnFinal.completed("", Optional.empty()), at(2));
        long before = storage.journal().lastSeq(conversation.id());

        Optional<Finished> again = storage.turns().finish(conversation.id(), turn.id(),
                Optional.of(new TextDelta("late")), TurnFinal.completed("late", Optional.empty()), at(3));

        assertThat(again).isEmpty();
        assertThat(storage.journal().lastSeq(conversation.id())).isEqualTo(before);
    }

    @Test
    void givenTurnsQueuedBehind_whenFinished_thenItSaysSoAndOnlyThen() {
        Conversation conversation = newConversation();
        Turn first = admitStarting(conversation, "first").turn();
        admit(conversation.id(), "second");

        Finished finished = storage.turns().finish(conversation.id(), first.id(), Optional.empty(),
                TurnFinal.completed("", Optional.empty()), at(2)).orElseThrow();
        assertThat(finished.queuedBehind()).isTrue();

        Turn second = startNext(conversation.id());
        Finished last = storage.turns().finish(conversation.id(), second.id(), Optional.empty(),
                TurnFinal.completed("", Optional.empty()), at(3)).orElseThrow();
        assertThat(last.queuedBehind()).isFalse();
    }

    @Test
    void givenTracedTurns_whenOneEnds_thenItsStoredTraceIsGoneAndTheOpenOnesKeepTheirs() {
        Conversation conversation = newConversation();
        TraceContext trace = new TraceContext(Map.of("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        Turn first = admit(traced(conversation.id(), "first", trace).startingIfIdle(START));
        Turn second = admit(traced(conversation.id(), "second", trace));
        assertThat(storage.turns().find(conversation.id(), first.id()).orElseThrow().trace()).isEqualTo(trace);

        storage.turns().finish(conversation.id(), first.id(), Optional.empty(),
                TurnFinal.completed("done", Optional.empty()), at(2)).orElseThrow();

        // Nothing continues an ended turn's trace, and a store that keeps every turn would keep every trace.
        assertThat(storage.turns().find(conversation.id(), first.id()).orElseThrow().trace().isEmpty()).isTrue();
        assertThat(storage.turns().find(conversation.id(), second.id()).orElseThrow().trace()).isEqualTo(trace);
        assertThat(startNext(conversation.id()).trace()).isEqualTo(trace);
    }
}
