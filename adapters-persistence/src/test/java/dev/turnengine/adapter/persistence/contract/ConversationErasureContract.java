package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Admission;
import dev.turnengine.domain.port.ConversationErasure;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.port.UnknownConversationException;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolExecutor;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.util.Set;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link ConversationErasure} contract: deleting ends turns with finals, hides, removes, and nothing comes back. */
public abstract class ConversationErasureContract extends ContractSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TurnFinal deleted(String text) {
        return TurnFinal.interrupted(text, Optional.of(new TurnError(TurnError.CONVERSATION_DELETED, "deleted")),
                Optional.empty());
    }

    /** Records events and whether the subscription was ended. */
    private static final class Ending implements TurnJournal.JournalListener {
        final List<JournalEvent> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onEvent(JournalEvent event) {
            events.add(event);
        }

        @Override
        public void onEnd() {
            ended.countDown();
        }
    }

    @Test
    void givenRunningAndQueuedTurns_whenClosed_thenEachEndsInterruptedWithTheStreamedTextAndTheConversationIsHidden() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");
        storage.journal().appendDelta(id, running.id(), new TextDelta("partial"));
        Turn queued = admit(id, "second");

        Optional<ConversationErasure.Closed> closed = storage.erasure().close(TENANT, id,
                ConversationErasureContract::deleted, at(5));

        assertThat(closed).isPresent();
        assertThat(closed.get().endedTurns()).containsExactly(running.id(), queued.id());
        assertThat(closed.get().runningTurn()).contains(running.id());
        assertThat(closed.get().endings()).allSatisfy(ending -> {
            assertThat(ending.status()).isEqualTo(FinalStatus.INTERRUPTED);
            assertThat(ending.errorCode()).contains(TurnError.CONVERSATION_DELETED);
        });
        assertThat(closed.get().endings().get(0).duration()).as("run from its start at 1 s").hasSeconds(4);
        assertThat(closed.get().endings().get(1).queueWait()).as("never started").isZero();
        List<JournalEvent> finals = storage.journal().read(id, 0, 100).stream().filter(JournalEvent::isFinal).toList();
        assertThat(finals).hasSize(2);
        assertThat(((TurnFinal) finals.get(0).event()).text()).isEqualTo("partial");
        assertThat(((TurnFinal) finals.get(1).event()).status()).isEqualTo(FinalStatus.INTERRUPTED);
        assertThat(storage.conversations().find(TENANT, id)).isEmpty();
        assertThat(storage.conversations().get(id)).isEmpty();
        assertThat(storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(6))).isEmpty();
    }

    @Test
    void givenTracedTurns_whenClosed_thenTheTurnsItEndedKeepNoTrace() {
        ConversationId id = newConversation().id();
        TraceContext trace = new TraceContext(Map.of("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        Turn running = admit(traced(id, "first", trace));
        startNext(id);
        Turn queued = admit(traced(id, "second", trace));
        assertThat(storage.turns().find(id, queued.id()).orElseThrow().trace()).isEqualTo(trace);

        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5)).orElseThrow();

        for (TurnId ended : List.of(running.id(), queued.id())) {
            Turn stored = storage.turns().find(id, ended).orElseThrow();
            assertThat(stored.isTerminal()).isTrue();
            assertThat(stored.trace().isEmpty()).as("trace of %s", ended).isTrue();
        }
    }

    @Test
    void givenClosedConversation_whenATurnIsAdmittedOrItsLateWritesArrive_thenRefusedOrDropped() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");
        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));

        assertThatThrownBy(() -> storage.turns().admit(request(id, "again")))
                .isInstanceOf(UnknownConversationException.class);
        assertThatThrownBy(() -> storage.journal().appendDelta(id, running.id(), new TextDelta("late")))
                .isInstanceOf(RuntimeException.class);
        assertThat(storage.turns().finish(id, running.id(), TurnFinal.completed("late", Optional.empty()), at(6)))
                .isEmpty();
        assertThat(storage.turns().startNext(id, NODE, at(60), at(6))).isEmpty();
    }

    @Test
    void givenClosedConversation_whenErased_thenNothingOfItRemainsAndLateWritesDoNotBringItBack() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");
        storage.journal().appendDelta(id, running.id(), new TextDelta("partial"));
        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));

        assertThat(storage.erasure().erase(id)).isTrue();

        assertThatThrownBy(() -> storage.journal().appendDelta(id, running.id(), new TextDelta("late")))
                .isInstanceOf(RuntimeException.class);
        assertThat(storage.turns().finish(id, running.id(), TurnFinal.completed("late", Optional.empty()), at(6)))
                .isEmpty();
        assertThat(storage.journal().read(id, 0, 100)).isEmpty();
        assertThat(storage.journal().lastSeq(id)).isZero();
        assertThat(storage.turns().find(id, running.id())).isEmpty();
        assertThat(storage.turns().list(id, 0, 100)).isEmpty();
        assertThat(storage.erasure().erase(id)).isFalse();
        assertThat(storage.erasure().closedBefore(at(1_000), 10)).isEmpty();
    }

    @Test
    void givenTurnWithAToolCallWaiting_whenClosedAndErased_thenTheCallGoesWithIt() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "use a tool");
        storage.toolCalls().recordCall(id, running.id(), new ToolCallEvent(
                new ToolCall("call_1", "delete_file", "{}"), ToolExecutor.SERVER, true));

        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));

        assertThat(storage.erasure().erase(id)).isTrue();
        assertThat(storage.toolCalls().find(id, running.id(), "call_1")).isEmpty();
    }

    @Test
    void givenAnotherTenantsConversation_whenClosed_thenUntouched() {
        Conversation theirs = newConversation(OTHER_TENANT);

        assertThat(storage.erasure().close(TENANT, theirs.id(), ConversationErasureContract::deleted, at(5))).isEmpty();
        assertThat(storage.conversations().find(OTHER_TENANT, theirs.id())).contains(theirs);
    }

    @Test
    void givenOpenSubscription_whenClosed_thenItReceivesTheFinalsThenEnds() throws InterruptedException {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");
        Ending listener = new Ending();
        try (Subscription ignored = storage.journal().subscribe(id, storage.journal().lastSeq(id), listener)) {
            storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));

            assertThat(listener.ended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(listener.events).hasSize(1);
            assertThat(listener.events.getFirst().isFinal()).isTrue();
            assertThat(listener.events.getFirst().turnId()).isEqualTo(running.id());
        }
    }

    @Test
    void givenClosedButNotErased_whenAskedForLeftovers_thenListedAfterItsCloseTime() {
        ConversationId id = newConversation().id();
        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));

        assertThat(storage.erasure().closedBefore(at(5), 10)).isEmpty();
        assertThat(storage.erasure().closedBefore(at(6), 10)).containsExactly(id);
    }

    @Test
    void givenIdleBusyAndRecentConversations_whenIdleOnesErased_thenOnlyIdleAndQuietOnesGoInBatches() {
        ConversationId idleA = newConversation().id();
        ConversationId idleB = newConversation().id();
        ConversationId idleC = newConversation().id();
        ConversationId busy = newConversation().id();
        admit(busy, "still queued");
        ConversationId recent = newConversation().id();
        storage.turns().admit(new Admission.Request(TENANT, recent, TurnId.random(), UserMessage.text("x"), "web",
                Optional.empty(), false, at(500)));
        Ending listener = new Ending();
        try (Subscription ignored = storage.journal().subscribe(idleA, 0, listener)) {

            List<ConversationId> first = storage.erasure().eraseIdle(at(100), 2);
            List<ConversationId> second = storage.erasure().eraseIdle(at(100), 2);

            assertThat(first).hasSize(2);
            assertThat(second).hasSize(1);
            assertThat(new ArrayList<>(List.of(first.get(0), first.get(1), second.get(0))))
                    .containsExactlyInAnyOrder(idleA, idleB, idleC);
            assertThat(storage.erasure().eraseIdle(at(100), 2)).isEmpty();
            assertThat(storage.conversations().get(busy)).isPresent();
            assertThat(storage.conversations().get(recent)).isPresent();
            assertThat(storage.conversations().get(idleA)).isEmpty();
            await().atMost(WAIT).until(() -> listener.ended.getCount() == 0);
        }
    }

    @Test
    void givenTurnWithWebhookEndpoint_whenConversationErased_thenItsDeliveryStays() {
        storage.webhooks().put(new WebhookEndpoint(TENANT,
                URI.create("https://example.com/hook"), WebhookOutboxContract.SECRET));
        ConversationId id = newConversation().id();
        Turn queued = admit(id, "first");

        storage.erasure().close(TENANT, id, ConversationErasureContract::deleted, at(5));
        storage.erasure().erase(id);

        var claimed = storage.outbox().claim(at(10), at(70), 10, 10, Set.of());
        assertThat(claimed).singleElement().satisfies(delivery -> {
            assertThat(delivery.turnId()).isEqualTo(queued.id());
            assertThat(delivery.type()).isEqualTo("turn.interrupted");
            assertThat(delivery.ending().error()).map(TurnError::code).contains(TurnError.CONVERSATION_DELETED);
        });
        assertThat(storage.turns().find(id, queued.id())).isEmpty();
    }
}
