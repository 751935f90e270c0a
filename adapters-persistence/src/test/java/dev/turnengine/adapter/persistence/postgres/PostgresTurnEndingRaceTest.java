package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.adapter.persistence.contract.ContractSupport;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnAccepted;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.TurnStore.Finished;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A turn admitted while the ending of the turn before it waits for the conversation's lock must not be missed: the
 * ending says a turn is queued behind, and its events follow the admission's in the sequence. (It guards the order
 * of the ending's statements: a check made in a snapshot older than the lock would miss that turn.)
 */
class PostgresTurnEndingRaceTest extends ContractSupport {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }

    @Test
    void givenAdmissionCommittingWhileTheEndingWaitsForTheLock_whenFinished_thenQueuedBehindAndNextInSequence()
            throws Exception {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");
        long admittedSeq;
        CompletableFuture<Optional<Finished>> finish;
        try (Connection admission = DATABASE.newConnection()) {
            admission.setAutoCommit(false);
            // An admission under way: the row locked, a turn queued behind the running one, not yet committed.
            admittedSeq = lockAndQueue(admission, id, TurnId.random());
            finish = CompletableFuture.supplyAsync(() -> storage.turns().finish(
                    id, running.id(), Optional.empty(), TurnFinal.completed("done", Optional.empty()), at(5)));
            awaitWaitingForLock(Duration.ofSeconds(10));
            admission.commit();
        }

        Finished finished = finish.get(10, TimeUnit.SECONDS).orElseThrow();

        assertThat(finished.queuedBehind()).as("a turn was admitted while the ending waited").isTrue();
        assertThat(finished.event().seq()).isEqualTo(admittedSeq + 1);
        List<JournalEvent> journal = storage.journal().read(id, 0, 100);
        assertThat(journal).extracting(JournalEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, admittedSeq + 1).boxed().toList());
        assertThat(storage.turns().activity(id).queuedTurns()).isEqualTo(1);
        assertThat(startNext(id).acceptedSeq()).isEqualTo(admittedSeq);
    }

    @Test
    void givenNothingAdmittedMeanwhile_whenFinished_thenNothingQueuedBehind() {
        ConversationId id = newConversation().id();
        Turn running = running(id, "first");

        Finished finished = storage.turns().finish(id, running.id(), Optional.empty(),
                TurnFinal.completed("done", Optional.empty()), at(5)).orElseThrow();

        assertThat(finished.queuedBehind()).isFalse();
    }

    /** Locks the conversation, queues a turn and journals its acceptance as an admission does; the new sequence. */
    private static long lockAndQueue(Connection connection, ConversationId id, TurnId turnId) throws SQLException {
        long seq;
        try (PreparedStatement lock = connection.prepareStatement(
                "UPDATE conversations SET last_seq = last_seq + 1 WHERE conversation_id = ? RETURNING last_seq")) {
            lock.setObject(1, id.value());
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                seq = rows.getLong(1);
            }
        }
        try (PreparedStatement turn = connection.prepareStatement("INSERT INTO turns (conversation_id, turn_id, "
                + "accepted_seq, status, source, message, accepted_at) VALUES (?, ?, ?, 'queued', 'web', ?::json, now())");
                PreparedStatement event = connection.prepareStatement("INSERT INTO journal (conversation_id, seq, "
                        + "turn_id, type, payload, at) VALUES (?, ?, ?, 'turn_accepted', ?::json, now())")) {
            turn.setObject(1, id.value());
            turn.setObject(2, turnId.value());
            turn.setLong(3, seq);
            turn.setString(4, JsonCodec.message(UserMessage.text("second")));
            turn.executeUpdate();
            event.setObject(1, id.value());
            event.setLong(2, seq);
            event.setObject(3, turnId.value());
            event.setString(4, JsonCodec.event(new TurnAccepted("second", "web")));
            event.executeUpdate();
        }
        return seq;
    }

    /** Waits until some session waits for a row lock on {@code conversations}. */
    private static void awaitWaitingForLock(Duration atMost) throws Exception {
        long until = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < until) {
            try (PreparedStatement query = DATABASE.admin().prepareStatement("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE '%FROM conversations%'");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the ending never waited for the conversation's lock");
    }
}
