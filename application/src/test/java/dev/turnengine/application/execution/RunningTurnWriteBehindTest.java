package dev.turnengine.application.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.StorageUnavailableException;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Text journaled behind the agent, for journals whose appends wait for a commit. */
@Timeout(20)
class RunningTurnWriteBehindTest {

    private final Turn turn = Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web", 1,
            Instant.now());

    /** A committing journal whose appends each wait for a permit from the test, recording what was written. */
    private static final class GatedJournal implements TurnJournal {
        final List<String> written = new CopyOnWriteArrayList<>();
        final Semaphore permits = new Semaphore(0);
        final Semaphore entered = new Semaphore(0);
        volatile boolean fail;

        @Override
        public boolean appendsWaitForCommit() {
            return true;
        }

        @Override
        public JournalEvent appendDelta(ConversationId conversationId, TurnId turnId, TextDelta delta) {
            entered.release();
            permits.acquireUninterruptibly();
            if (fail) {
                throw new StorageUnavailableException("the database went away", null);
            }
            written.add(delta.delta());
            return new JournalEvent(conversationId, written.size(), turnId, delta, Instant.now());
        }

        @Override
        public List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit) {
            return List.of();
        }

        @Override
        public long lastSeq(ConversationId conversationId) {
            return 0;
        }

        @Override
        public String streamedText(ConversationId conversationId, TurnId turnId) {
            return String.join("", written);
        }

        @Override
        public Subscription subscribe(ConversationId conversationId, long afterSeq, JournalListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private final GatedJournal journal = new GatedJournal();
    private final RunningTurn running = new RunningTurn(turn, journal, TurnDeadline.after(Duration.ofMinutes(1)));

    @Test
    void givenAppendInFlight_whenAgentGoesOn_thenItDoesNotWaitAndItsTextGoesOutAsOneDelta() throws Exception {
        running.delta("one ");
        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue(); // "one " is being written

        running.delta("two ");
        running.delta("three");
        journal.permits.release(2);

        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        running.drainText();
        assertThat(journal.written).containsExactly("one ", "two three");
        assertThat(running.close()).isEqualTo("one two three");
        assertThat(running.unwrittenText()).isEmpty();
        assertThat(running.journalFailure()).isEmpty();
    }

    @Test
    void givenTextArrivedDuringTheLastAppend_whenClosed_thenItIsLeftForTheFinalAndTheReplyIsWhole()
            throws Exception {
        running.delta("Hel");
        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        running.delta("lo");
        String[] closed = new String[1];
        Thread closer = Thread.ofPlatform().start(() -> closed[0] = running.close());
        while (closer.getState() != Thread.State.WAITING && closer.isAlive()) {
            Thread.sleep(1); // close() now waits for "Hel" to be durable, and keeps "lo" for the final
        }
        journal.permits.release();
        closer.join(5_000);
        String reply = closed[0];

        assertThat(reply).isEqualTo("Hello");
        assertThat(journal.written).containsExactly("Hel");
        assertThat(running.unwrittenText()).contains(new TextDelta("lo"));
        running.delta("ignored after close");
        assertThat(running.close()).isEqualTo("Hello");
    }

    @Test
    void givenPendingText_whenAnotherJournalWriteComes_thenTheTextIsDurableBeforeIt() throws Exception {
        running.delta("before the call");
        journal.permits.release(10);

        String seen = running.journal(() -> String.join("", journal.written));

        assertThat(seen).isEqualTo("before the call");
    }

    @Test
    void givenAppendFails_thenTheAgentHearsOfItAndTheReplyKeepsOnlyWhatWasStored() throws Exception {
        running.delta("kept ");
        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        journal.permits.release();
        running.drainText();
        journal.fail = true;
        running.delta("lost");
        journal.permits.release();
        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                running.delta("more ");
                Thread.sleep(5);
            }
        }).isInstanceOf(StorageUnavailableException.class);
        assertThat(running.close()).isEqualTo("kept ");
        assertThat(running.unwrittenText()).isEmpty();
        assertThat(running.journalFailure()).get().isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void givenAgentFarAheadOfTheJournal_thenItWaitsOnceTheUnwrittenTextPassesTheBound() throws Exception {
        running.delta("x");
        assertThat(journal.entered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean returned = new AtomicBoolean();
        Thread agent = Thread.ofVirtual().start(() -> {
            running.delta("y".repeat(WriteBehind.MAX_PENDING_CHARS + 1));
            returned.set(true);
        });

        agent.join(300);
        assertThat(returned).isFalse(); // held: the writer has not taken the text yet
        journal.permits.release(2);
        agent.join(5_000);
        assertThat(returned).isTrue();
        running.drainText();
        assertThat(String.join("", journal.written)).hasSize(WriteBehind.MAX_PENDING_CHARS + 2);
        assertThat(Optional.of(running.close())).get().asString().hasSize(WriteBehind.MAX_PENDING_CHARS + 2);
    }
}
