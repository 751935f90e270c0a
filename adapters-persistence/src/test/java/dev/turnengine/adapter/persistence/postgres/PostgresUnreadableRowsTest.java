package dev.turnengine.adapter.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turnengine.adapter.persistence.contract.ContractSupport;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.UnreadableTurnException;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stored row the engine cannot decode is readable as such, never runs, and never blocks the others. */
class PostgresUnreadableRowsTest extends ContractSupport {

    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Override
    public Storage freshStorage() {
        return DATABASE.freshStorage();
    }

    @Test
    void givenUndecodableQueuedTurn_whenStarted_thenRefusedUntilCancelledAndTheNextOneStarts() throws SQLException {
        ConversationId id = newConversation().id();
        Turn poison = admit(id, "to be damaged");
        Turn next = admit(id, "after it");
        corrupt("message", "{\"not\":\"a message\"}", poison);

        assertThatThrownBy(() -> storage.turns().startNext(id, NODE, at(60), at(1)))
                .isInstanceOf(UnreadableTurnException.class);
        assertThat(storage.turns().find(id, poison.id()).orElseThrow().status()).as("left queued, nothing written")
                .isEqualTo(TurnStatus.QUEUED);
        assertThat(storage.turns().find(id, poison.id()).orElseThrow().message()).isEqualTo(UserMessage.unreadable());
        assertThat(storage.turns().list(id, 0, 10)).hasSize(2);

        storage.turns().cancelQueued(id, poison.id(), TurnFinal.failed("", new dev.turnengine.domain.turn.TurnError(
                "storage_error", "unreadable"), Optional.empty()), at(2));

        assertThat(startNext(id).id()).isEqualTo(next.id());
    }

    @Test
    void givenUndecodableEnding_whenRead_thenListsFindsAndHistoryStillAnswer() throws SQLException {
        ConversationId id = newConversation().id();
        Turn done = completed(id, "hello", "hi");
        Turn later = admit(id, "again");
        corrupt("outcome", "[1, 2]", done);

        Turn found = storage.turns().find(id, done.id()).orElseThrow();

        assertThat(found.status()).isEqualTo(TurnStatus.COMPLETED);
        assertThat(found.error().orElseThrow().code()).isEqualTo("storage_error");
        assertThat(storage.turns().list(id, 0, 10)).hasSize(2);
        assertThat(storage.turns().history(id, later.id(), 5)).as("left out of the agent's history").isEmpty();
        assertThat(storage.turns().expiredLeases(at(1_000), 10)).isEmpty();
    }

    private static void corrupt(String column, String json, Turn turn) throws SQLException {
        try (PreparedStatement update = DATABASE.admin().prepareStatement("UPDATE " + DATABASE.url().schema()
                + ".turns SET " + column + " = ?::json WHERE turn_id = ?")) {
            update.setString(1, json);
            update.setObject(2, turn.id().value());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
