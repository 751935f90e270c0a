package dev.turnengine.adapter.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The {@link dev.turnengine.domain.port.InterruptSignals} contract: requests reach every listener. */
@SuppressWarnings("try") // listeners are held open by try-with-resources, unused inside
public abstract class InterruptSignalsContract extends ContractSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** One interrupt request as a listener saw it. */
    protected record Request(ConversationId conversationId, TurnId turnId) {
    }

    @Test
    void givenListeners_whenInterruptRequested_thenEachIsToldOnce() {
        List<Request> first = new CopyOnWriteArrayList<>();
        List<Request> second = new CopyOnWriteArrayList<>();
        ConversationId conversation = ConversationId.random();
        TurnId turn = TurnId.random();
        try (Subscription a = storage.interrupts().listen((c, t) -> first.add(new Request(c, t)));
                Subscription b = storage.interrupts().listen((c, t) -> second.add(new Request(c, t)))) {

            storage.interrupts().request(conversation, turn);

            await().atMost(WAIT).until(() -> first.size() == 1 && second.size() == 1);
            assertThat(first).containsExactly(new Request(conversation, turn));
            assertThat(second).containsExactly(new Request(conversation, turn));
        }
    }

    @Test
    void givenClosedListener_whenInterruptRequested_thenNotTold() {
        List<Request> closed = new CopyOnWriteArrayList<>();
        List<Request> open = new CopyOnWriteArrayList<>();
        Subscription subscription = storage.interrupts().listen((c, t) -> closed.add(new Request(c, t)));
        subscription.close();
        subscription.close();
        try (Subscription ignored = storage.interrupts().listen((c, t) -> open.add(new Request(c, t)))) {

            storage.interrupts().request(ConversationId.random(), TurnId.random());

            await().atMost(WAIT).until(() -> open.size() == 1);
        }
        assertThat(closed).isEmpty();
    }

    @Test
    void givenNoListener_whenInterruptRequestedForTurnNotRunning_thenTurnIsUntouchedAndRunsNormally() {
        ConversationId conversation = newConversation().id();
        Turn queued = admit(conversation, "hello");

        assertThatCode(() -> storage.interrupts().request(conversation, queued.id())).doesNotThrowAnyException();
        assertThatCode(() -> storage.interrupts().request(ConversationId.random(), TurnId.random()))
                .doesNotThrowAnyException();

        assertThat(storage.turns().find(conversation, queued.id()).orElseThrow().status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(startNext(conversation).id()).isEqualTo(queued.id());
        assertThat(storage.turns().finish(conversation, queued.id(), TurnFinal.completed("hi", Optional.empty()), at(3)))
                .isPresent();
        assertThat(storage.turns().find(conversation, queued.id()).orElseThrow().status())
                .isEqualTo(TurnStatus.COMPLETED);
    }

    @Test
    void givenListenerThatThrows_whenInterruptRequested_thenOthersAreStillTold() {
        List<Request> told = new CopyOnWriteArrayList<>();
        try (Subscription broken = storage.interrupts().listen((c, t) -> {
            throw new IllegalStateException("listener bug");
        }); Subscription ignored = storage.interrupts().listen((c, t) -> told.add(new Request(c, t)))) {

            storage.interrupts().request(ConversationId.random(), TurnId.random());

            await().atMost(WAIT).until(() -> told.size() == 1);
        }
    }
}
