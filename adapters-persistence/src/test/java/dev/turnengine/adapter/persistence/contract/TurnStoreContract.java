package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.event.TurnStarted;
import dev.turnengine.domain.idempotency.IdempotencyKey;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.Usage;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.TurnStore} contract: admission, lifecycle, leases and queries. */
public abstract class TurnStoreContract extends ContractSupport {

    @Test
    void givenNewConversation_whenAdmitted_thenTurnQueuedWithAcceptedSeqOne() {
        Conversation conversation = newConversation();

        Turn turn = admit(conversation.id(), "hello");

        assertThat(turn.status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(turn.acceptedSeq()).isEqualTo(1);
        assertThat(storage.turns().find(conversation.id(), turn.id())).contains(turn);
    }

    @Test
    void givenAdmittedTurn_thenTurnAcceptedJournaledWithTextAndSource() {
        Conversation conversation = newConversation();
        Admission.Request request = new Admission.Request(TENANT, conversation.id(), TurnId.random(),
                UserMessage.text("hi there"), "slack", Optional.empty(), false, at(5));

        storage.turns().admit(request);

        assertThat(storage.journal().read(conversation.id(), 0, 10)).containsExactly(new JournalEvent(
                conversation.id(), 1, request.turnId(), new TurnAccepted("hi there", "slack"), at(5)));
    }

    @Test
    void givenAdmittedTurn_thenConversationsLastTurnChannelIsItsSource() {
        Conversation conversation = newConversation();

        storage.turns().admit(new Admission.Request(TENANT, conversation.id(), TurnId.random(),
                UserMessage.text("hi"), "slack", Optional.empty(), false, T0));

        assertThat(storage.conversations().get(conversation.id()).orElseThrow().lastTurnChannel()).isEqualTo("slack");
    }

    @Test
    void givenMessageWithAttachmentsAndIdentity_whenFound_thenStoredWithSizesAndLoadedWhole() {
        Conversation conversation = newConversation();
        UserMessage message = new UserMessage("look at this", List.of(
                new Attachment("image/png", Optional.of("aGVsbG8="), Optional.empty(), Optional.of("a.png")),
                new Attachment("application/pdf", Optional.empty(), Optional.of(UUID.randomUUID()), Optional.empty())),
                true, Optional.of("{\"user\":\"ann\",\"roles\":[\"admin\"]}"));
        TurnId turnId = TurnId.random();

        storage.turns().admit(new Admission.Request(
                TENANT, conversation.id(), turnId, message, "web", Optional.empty(), false, T0));

        Turn found = storage.turns().find(conversation.id(), turnId).orElseThrow();
        assertThat(found.message()).isEqualTo(message.withoutAttachmentData());
        assertThat(found.message().attachments().getFirst().decodedSize()).isEqualTo(5);
        assertThat(storage.turns().loadAttachments(found).message()).isEqualTo(message);
    }

    @Test
    void givenTextWithNulAndAstralCharacters_whenStored_thenReadBackUnchanged() {
        Conversation conversation = newConversation();
        UserMessage message = new UserMessage("nul \u0000 here, emoji \uD83D\uDE00, quote \" and \\", List.of(),
                false, Optional.of("{\"name\":\"a\\u0000b\"}"));
        TurnId turnId = TurnId.random();

        storage.turns().admit(new Admission.Request(
                TENANT, conversation.id(), turnId, message, "web", Optional.empty(), false, T0));

        assertThat(storage.turns().find(conversation.id(), turnId).orElseThrow().message()).isEqualTo(message);
        assertThat(storage.journal().read(conversation.id(), 0, 1).getFirst().event())
                .isEqualTo(new TurnAccepted(message.text(), "web"));
    }

    @Test
    void givenTurnsMovingThroughTheirLifecycle_thenSequenceIsGapFreeAcrossStoreAndJournal() {
        ConversationId id = newConversation().id();
        Turn first = admit(id, "one");
        Turn second = admit(id, "two");
        startNext(id);
        storage.journal().appendDelta(id, first.id(), new TextDelta("a"));
        storage.journal().appendDelta(id, first.id(), new TextDelta("b"));
        storage.turns().finish(id, first.id(), TurnFinal.completed("ab", Optional.empty()), at(3));
        startNext(id);
        storage.journal().appendDelta(id, second.id(), new TextDelta("c"));
        storage.turns().finish(id, second.id(), TurnFinal.completed("c", Optional.empty()), at(4));

        List<JournalEvent> events = storage.journal().read(id, 0, 100);

        assertThat(events).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(events).extracting(event -> event.event().type()).containsExactly(
                "turn_accepted", "turn_accepted", "turn_started", "text_delta", "text_delta", "final",
                "turn_started", "text_delta", "final");
        assertThat(second.acceptedSeq()).isEqualTo(2);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(9);
    }

    @Test
    void givenLiveKey_whenAdmittedAgain_thenDuplicateAndNothingWritten() {
        ConversationId id = newConversation().id();
        Admission first = storage.turns().admit(keyed(id, "hello", "k-1", T0));

        Admission again = storage.turns().admit(keyed(id, "hello", "k-1", at(10)));

        Turn original = ((Admission.Admitted) first).turn();
        assertThat(again).isInstanceOfSatisfying(Admission.Duplicate.class,
                duplicate -> assertThat(duplicate.existing().turnId()).isEqualTo(original.id()));
        assertThat(storage.turns().list(id, 0, 10)).hasSize(1);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(1);
    }

    @Test
    void givenExpiredKey_whenAdmittedAgain_thenNewTurnAndRecordReplaced() {
        ConversationId id = newConversation().id();
        storage.turns().admit(keyed(id, "hello", "k-1", T0));
        Instant later = at(24 * 3600 + 1);

        Admission again = storage.turns().admit(keyed(id, "hello", "k-1", later));

        assertThat(again).isInstanceOf(Admission.Admitted.class);
        TurnId newTurn = ((Admission.Admitted) again).turn().id();
        assertThat(storage.idempotency().find(TENANT, id, new IdempotencyKey("k-1"), later))
                .hasValueSatisfying(record -> assertThat(record.turnId()).isEqualTo(newTurn));
        assertThat(storage.turns().admit(keyed(id, "hello", "k-1", later.plusSeconds(1))))
                .isInstanceOf(Admission.Duplicate.class);
    }

    @Test
    void givenKeyUsedInOneConversation_whenAdmittedInAnother_thenAdmitted() {
        ConversationId first = newConversation().id();
        ConversationId second = newConversation().id();
        storage.turns().admit(keyed(first, "hello", "k-1", T0));

        assertThat(storage.turns().admit(keyed(second, "hello", "k-1", T0))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void givenQueuedTurn_whenAdmittedRequiringIdle_thenBusyAndNothingWritten() {
        ConversationId id = newConversation().id();
        admit(id, "first");

        Admission admission = storage.turns().admit(requiringIdle(id));

        assertThat(admission).isInstanceOf(Admission.Busy.class);
        assertThat(storage.turns().list(id, 0, 10)).hasSize(1);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(1);
    }

    @Test
    void givenRunningTurn_whenAdmittedRequiringIdle_thenBusy() {
        ConversationId id = newConversation().id();
        running(id, "first");

        assertThat(storage.turns().admit(requiringIdle(id))).isInstanceOf(Admission.Busy.class);
    }

    @Test
    void givenOnlyEndedTurns_whenAdmittedRequiringIdle_thenAdmitted() {
        ConversationId id = newConversation().id();
        completed(id, "first", "reply");

        assertThat(storage.turns().admit(requiringIdle(id))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void givenLiveKeyAndBusyConversation_whenAdmittedRequiringIdle_thenDuplicate() {
        ConversationId id = newConversation().id();
        storage.turns().admit(keyed(id, "hello", "k-1", T0));
        Admission.Request repeat = keyed(id, "hello", "k-1", T0);
        Admission.Request repeatRequiringIdle = new Admission.Request(repeat.tenant(), id, repeat.turnId(),
                repeat.message(), repeat.source(), repeat.claim(), true, repeat.now());

        assertThat(storage.turns().admit(repeatRequiringIdle)).isInstanceOf(Admission.Duplicate.class);
    }

    @Test
    void givenFiftyConcurrentAdmitsOfOneKey_thenExactlyOneAdmitted() throws Exception {
        ConversationId id = newConversation().id();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            attempts.add(() -> {
                start.await();
                return storage.turns().admit(keyed(id, "hello", "same-key", T0));
            });
        }
        List<Admission> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Admission>> futures = attempts.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Admission> future : futures) {
                outcomes.add(future.get());
            }
        }

        List<Turn> admitted = outcomes.stream()
                .filter(Admission.Admitted.class::isInstance)
                .map(outcome -> ((Admission.Admitted) outcome).turn())
                .toList();
        assertThat(admitted).hasSize(1);
        assertThat(outcomes).filteredOn(Admission.Duplicate.class::isInstance).hasSize(49)
                .allSatisfy(outcome -> assertThat(((Admission.Duplicate) outcome).existing().turnId())
                        .isEqualTo(admitted.getFirst().id()));
        assertThat(storage.turns().list(id, 0, 100)).hasSize(1);
        assertThat(storage.journal().lastSeq(id)).isEqualTo(1);
    }

    @Test
    void givenUnknownConversation_whenAdmitted_thenRejected() {
        assertThatThrownBy(() -> storage.turns().admit(request(ConversationId.random(), "hello")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenQueuedTurns_whenStartedOneByOne_thenOldestFirst() {
        ConversationId id = newConversation().id();
        Turn first = admit(id, "one");
        Turn second = admit(id, "two");

        Turn started = startNext(id);

        assertThat(started.id()).isEqualTo(first.id());
        assertThat(started.status()).isEqualTo(TurnStatus.RUNNING);
        assertThat(started.startedAt()).contains(at(1));
        assertThat(storage.journal().read(id, 2, 10)).singleElement()
                .satisfies(event -> assertThat(event.event()).isEqualTo(new TurnStarted()));
        storage.turns().finish(id, first.id(), TurnFinal.completed("", Optional.empty()), at(2));
        assertThat(startNext(id).id()).isEqualTo(second.id());
    }

    @Test
    void givenRunningTurn_whenStartNext_thenNothingStarts() {
        ConversationId id = newConversation().id();
        running(id, "one");
        admit(id, "two");

        assertThat(storage.turns().startNext(id, OTHER_NODE, at(60), at(1))).isEmpty();
        assertThat(storage.turns().activity(id).queuedTurns()).isEqualTo(1);
    }

    @Test
    void givenNothingQueued_whenStartNext_thenEmpty() {
        ConversationId id = newConversation().id();

        assertThat(storage.turns().startNext(id, NODE, at(60), at(1))).isEmpty();
        assertThat(storage.journal().lastSeq(id)).isZero();
    }

    @Test
    void givenQueuedTurns_whenManyNodesStartNextAtOnce_thenOnlyOneRuns() throws Exception {
        ConversationId id = newConversation().id();
        admit(id, "one");
        admit(id, "two");
        CountDownLatch start = new CountDownLatch(1);
        List<Optional<Turn>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Optional<Turn>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return storage.turns().startNext(id, NODE, at(60), at(1));
                }));
            }
            start.countDown();
            for (Future<Optional<Turn>> future : futures) {
                outcomes.add(future.get());
            }
        }

        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(storage.turns().activity(id).queuedTurns()).isEqualTo(1);
    }

    @Test
    void givenRunningTurn_whenFinished_thenFinalJournaledAndTurnEnded() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        storage.journal().appendDelta(id, turn.id(), new TextDelta("partial"));
        TurnFinal ending = TurnFinal.failed("partial", new TurnError("timeout", "took too long"),
                Optional.of(new Usage(12, 34)));

        Optional<JournalEvent> event = storage.turns().finish(id, turn.id(), ending, at(7));

        assertThat(event).contains(new JournalEvent(id, 4, turn.id(), ending, at(7)));
        Turn ended = storage.turns().find(id, turn.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(ended.replyText()).isEqualTo("partial");
        assertThat(ended.error()).contains(new TurnError("timeout", "took too long"));
        assertThat(ended.usage()).contains(new Usage(12, 34));
        assertThat(ended.finishedAt()).contains(at(7));
        assertThat(ended.startedAt()).contains(at(1));
        assertThat(storage.turns().activity(id)).isEqualTo(new ConversationActivity(Optional.empty(), 0));
    }

    @Test
    void givenEndedTurn_whenFinishedAgain_thenEmptyAndNothingWritten() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        storage.turns().finish(id, turn.id(), TurnFinal.completed("", Optional.empty()), at(2));
        long before = storage.journal().lastSeq(id);

        Optional<JournalEvent> second = storage.turns().finish(
                id, turn.id(), TurnFinal.interrupted("", Optional.empty(), Optional.empty()), at(3));

        assertThat(second).isEmpty();
        assertThat(storage.journal().lastSeq(id)).isEqualTo(before);
        assertThat(storage.turns().find(id, turn.id()).orElseThrow().status()).isEqualTo(TurnStatus.COMPLETED);
    }

    @Test
    void givenQueuedTurn_whenFinished_thenEndedWithoutStartingAndRemovedFromQueue() {
        ConversationId id = newConversation().id();
        Turn turn = admit(id, "hello");

        Optional<JournalEvent> event = storage.turns().finish(id, turn.id(),
                TurnFinal.failed("", new TurnError(TurnError.ABANDONED, "gone"), Optional.empty()), at(2));

        assertThat(event).isPresent();
        assertThat(storage.turns().activity(id).isBusy()).isFalse();
        assertThat(storage.turns().startNext(id, NODE, at(60), at(3))).isEmpty();
    }

    @Test
    void givenRunningTurn_whenFinishedConcurrently_thenExactlyOneFinal() throws Exception {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");
        CountDownLatch start = new CountDownLatch(1);
        List<Optional<JournalEvent>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Optional<JournalEvent>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return storage.turns().finish(
                            id, turn.id(), TurnFinal.interrupted("", Optional.empty(), Optional.empty()), at(2));
                }));
            }
            start.countDown();
            for (Future<Optional<JournalEvent>> future : futures) {
                outcomes.add(future.get());
            }
        }

        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(storage.journal().read(id, 0, 100)).filteredOn(JournalEvent::isFinal).hasSize(1);
    }

    @Test
    void givenUnknownTurn_whenFinished_thenEmpty() {
        ConversationId id = newConversation().id();

        assertThat(storage.turns().finish(id, TurnId.random(), TurnFinal.completed("", Optional.empty()), at(1)))
                .isEmpty();
    }

    @Test
    void givenTurns_whenListed_thenInAcceptanceOrderWithOffsetAndLimit() {
        ConversationId id = newConversation().id();
        List<TurnId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(admit(id, "message " + i).id());
        }

        assertThat(storage.turns().list(id, 0, 10)).extracting(Turn::id).containsExactlyElementsOf(ids);
        assertThat(storage.turns().list(id, 1, 2)).extracting(Turn::id).containsExactly(ids.get(1), ids.get(2));
        assertThat(storage.turns().list(id, 5, 2)).isEmpty();
        assertThat(storage.turns().list(ConversationId.random(), 0, 10)).isEmpty();
    }

    @Test
    void givenRunningAndQueuedTurns_whenActivity_thenRunningTurnAndQueueLength() {
        ConversationId id = newConversation().id();
        assertThat(storage.turns().activity(id)).isEqualTo(new ConversationActivity(Optional.empty(), 0));
        Turn first = running(id, "one");
        admit(id, "two");
        admit(id, "three");

        assertThat(storage.turns().activity(id)).isEqualTo(new ConversationActivity(Optional.of(first.id()), 2));
    }

    @Test
    void givenMixedTurns_whenHistory_thenOnlyCompletedOnesBeforeTheTurnOldestFirstBounded() {
        ConversationId id = newConversation().id();
        completed(id, "q1", "a1");
        Turn interrupted = running(id, "q2");
        storage.turns().finish(id, interrupted.id(),
                TurnFinal.interrupted("half", Optional.empty(), Optional.empty()), at(2));
        completed(id, "q3", "a3");
        completed(id, "q4", "a4");
        Turn current = admit(id, "q5");
        startNext(id);
        storage.journal().appendDelta(id, current.id(), new TextDelta("a5"));
        storage.turns().finish(id, current.id(), TurnFinal.completed("a5", Optional.empty()), at(2));
        Turn later = admit(id, "q6");

        assertThat(storage.turns().history(id, current.id(), 10))
                .containsExactly(new Exchange("q1", "a1"), new Exchange("q3", "a3"), new Exchange("q4", "a4"));
        assertThat(storage.turns().history(id, current.id(), 2))
                .containsExactly(new Exchange("q3", "a3"), new Exchange("q4", "a4"));
        assertThat(storage.turns().history(id, later.id(), 1)).containsExactly(new Exchange("q5", "a5"));
        assertThat(storage.turns().history(id, current.id(), 0)).isEmpty();
    }

    @Test
    void givenRunningTurnsOfTwoNodes_whenOneRenews_thenOnlyItsLeasesAreExtended() {
        ConversationId mine = newConversation().id();
        ConversationId theirs = newConversation().id();
        Turn myTurn = running(mine, "mine");
        admit(theirs, "theirs");
        Turn theirTurn = storage.turns().startNext(theirs, OTHER_NODE, at(60), at(1)).orElseThrow();

        storage.turns().renewLeases(NODE, at(120));

        assertThat(storage.turns().expiredLeases(at(90), 10)).extracting(Turn::id).containsExactly(theirTurn.id());
        assertThat(storage.turns().expiredLeases(at(130), 10)).extracting(Turn::id)
                .containsExactlyInAnyOrder(myTurn.id(), theirTurn.id());
    }

    @Test
    void givenLeaseNotYetRunOut_whenExpiredLeases_thenNotListed() {
        ConversationId id = newConversation().id();
        running(id, "hello");

        assertThat(storage.turns().expiredLeases(at(59), 10)).isEmpty();
        assertThat(storage.turns().expiredLeases(at(61), 10)).hasSize(1);
    }

    @Test
    void givenManyExpiredLeases_whenListedWithLimit_thenAtMostLimit() {
        for (int i = 0; i < 3; i++) {
            running(newConversation().id(), "hello");
        }

        assertThat(storage.turns().expiredLeases(at(61), 2)).hasSize(2);
    }

    @Test
    void givenFinishedTurn_thenItsLeaseIsGone() {
        ConversationId id = newConversation().id();
        Turn turn = running(id, "hello");

        storage.turns().finish(id, turn.id(), TurnFinal.completed("", Optional.empty()), at(2));

        assertThat(storage.turns().expiredLeases(at(61), 10)).isEmpty();
        assertThat(storage.turns().runningOn(NODE)).isEmpty();
    }

    @Test
    void givenRunningTurnsOfTwoNodes_whenRunningOn_thenOnlyThatNodesTurns() {
        ConversationId mine = newConversation().id();
        ConversationId theirs = newConversation().id();
        Turn myTurn = running(mine, "mine");
        admit(theirs, "theirs");
        storage.turns().startNext(theirs, OTHER_NODE, at(60), at(1));
        admit(mine, "queued");

        assertThat(storage.turns().runningOn(NODE)).extracting(Turn::id).containsExactly(myTurn.id());
        assertThat(storage.turns().runningOn(NODE).getFirst().status()).isEqualTo(TurnStatus.RUNNING);
    }

    @Test
    void givenQueuedTurnsAndNoneRunning_whenStalled_thenListed() {
        ConversationId stalled = newConversation().id();
        admit(stalled, "waiting");
        ConversationId busy = newConversation().id();
        running(busy, "running");
        admit(busy, "waiting behind");
        ConversationId idle = newConversation().id();
        completed(idle, "q", "a");

        assertThat(storage.turns().stalled(10)).containsExactly(stalled);
    }

    @Test
    void givenManyStalledConversations_whenListedWithLimit_thenAtMostLimit() {
        for (int i = 0; i < 3; i++) {
            admit(newConversation().id(), "waiting");
        }

        assertThat(storage.turns().stalled(2)).hasSize(2);
    }

    @Test
    void givenEndedTurn_whenFound_thenStatusMatchesFinal() {
        ConversationId id = newConversation().id();
        Turn turn = completed(id, "q", "the answer");

        Turn found = storage.turns().find(id, turn.id()).orElseThrow();

        assertThat(found.status().isTerminal()).isTrue();
        assertThat(found.status()).isEqualTo(FinalStatus.COMPLETED.turnStatus());
        assertThat(found.replyText()).isEqualTo("the answer");
        assertThat(storage.turns().find(id, TurnId.random())).isEmpty();
    }

    private static Admission.Request requiringIdle(ConversationId id) {
        return new Admission.Request(TENANT, id, TurnId.random(), UserMessage.text("next"), "web",
                Optional.empty(), true, T0);
    }
}
