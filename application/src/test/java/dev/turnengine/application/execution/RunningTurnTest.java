package dev.turnengine.application.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.inmemory.InMemoryStorage;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RunningTurnTest {

    private final Turn turn = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web", 1,
            Instant.now());

    /** A journal whose appends wait for the test, recording whether they saw an interrupt. */
    private static final class SlowJournal implements TurnJournal {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final AtomicBoolean sawInterrupt = new AtomicBoolean();
        private final TurnJournal delegate = new InMemoryStorage().journal();

        @Override
        public JournalEvent appendDelta(ConversationId conversationId, TurnId turnId, TextDelta delta) {
            entered.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                sawInterrupt.set(true);
            }
            return new JournalEvent(conversationId, 1, turnId, delta, Instant.now());
        }

        @Override
        public List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit) {
            return delegate.read(conversationId, afterSeq, limit);
        }

        @Override
        public long lastSeq(ConversationId conversationId) {
            return 0;
        }

        @Override
        public String streamedText(ConversationId conversationId, TurnId turnId) {
            return "";
        }

        @Override
        public Subscription subscribe(ConversationId conversationId, long afterSeq, JournalListener listener) {
            return delegate.subscribe(conversationId, afterSeq, listener);
        }
    }

    @Test
    void givenDeltaBeingWritten_whenAgentIsInterrupted_thenWriteCompletesAndInterruptArrivesAfterIt()
            throws Exception {
        SlowJournal journal = new SlowJournal();
        RunningTurn running = new RunningTurn(turn, journal, TurnDeadline.after(Duration.ofMinutes(1)));
        AtomicBoolean interruptedAfterDelta = new AtomicBoolean();
        Thread agent = Thread.ofVirtual().start(() -> {
            running.delta("kept");
            interruptedAfterDelta.set(Thread.currentThread().isInterrupted());
        });
        assertThat(journal.entered.await(5, TimeUnit.SECONDS)).isTrue();

        running.interruptAgent(agent);
        journal.proceed.countDown();
        agent.join(5_000);

        assertThat(journal.sawInterrupt).isFalse();
        assertThat(interruptedAfterDelta).isTrue();
        assertThat(running.close()).isEqualTo("kept");
    }

    @Test
    void givenClosedTurn_whenAgentWritesMore_thenIgnored() {
        InMemoryStorage storage = new InMemoryStorage();
        RunningTurn running = new RunningTurn(turn, storage.journal(), TurnDeadline.after(Duration.ofMinutes(1)));

        assertThat(running.close()).isEmpty();
        running.delta("late");

        assertThat(running.close()).isEmpty();
    }
}
