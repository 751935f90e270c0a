package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.UnreadableTurnException;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnError;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps rows of the {@code turns} table to turns. Reads for lists, lookups and recovery are lenient: a
 * message or ending that cannot be decoded is shown as such, so that one bad row never makes a whole
 * conversation unreadable. Starting a turn reads strictly, since a turn must not run on a placeholder.
 */
final class TurnRows {

    static final String COLUMNS = "conversation_id, turn_id, accepted_seq, status, source, message, outcome, "
            + "accepted_at, started_at, finished_at, " + TraceColumn.NAME;

    /**
     * What ending a turn writes, as an {@code UPDATE turns SET} list taking its status, its outcome (the final, as
     * JSON) and its end time, in that order: the lease and the trace are let go with it (nothing continues an ended
     * turn's trace).
     */
    static final String ENDED = "status = ?, outcome = ?::json, finished_at = ?, " + TraceColumn.NAME
            + " = NULL, lease_owner = NULL, lease_until = NULL";

    private static final TurnError UNREADABLE_ENDING = new TurnError(TurnError.STORAGE_ERROR,
            "this turn's ending could not be read back from storage");

    private TurnRows() {
    }

    /** The row's turn; an undecodable message or ending is replaced by a placeholder. */
    static Turn turn(ResultSet rows) throws SQLException {
        UserMessage message;
        try {
            message = JsonCodec.message(rows.getString("message"));
        } catch (RuntimeException e) {
            message = UserMessage.unreadable();
        }
        return turn(rows, message);
    }

    /** The row's turn, for running it. */
    static Turn strictTurn(ResultSet rows) throws SQLException {
        try {
            return turn(rows, JsonCodec.message(rows.getString("message")));
        } catch (RuntimeException e) {
            throw new UnreadableTurnException(new ConversationId(rows.getObject("conversation_id", UUID.class)),
                    new TurnId(rows.getObject("turn_id", UUID.class)), e);
        }
    }

    private static Turn turn(ResultSet rows, UserMessage message) throws SQLException {
        Optional<TurnFinal> outcome = Optional.ofNullable(rows.getString("outcome")).map(TurnRows::ending);
        return new Turn(
                new TurnId(rows.getObject("turn_id", UUID.class)),
                new ConversationId(rows.getObject("conversation_id", UUID.class)),
                message,
                rows.getString("source"),
                StatusSql.parse(rows.getString("status")),
                outcome.map(TurnFinal::text).orElse(""),
                outcome.flatMap(TurnFinal::error),
                outcome.flatMap(TurnFinal::usage),
                rows.getLong("accepted_seq"),
                Jdbc.getInstant(rows, "accepted_at"),
                Jdbc.getOptionalInstant(rows, "started_at"),
                Jdbc.getOptionalInstant(rows, "finished_at"),
                TraceColumn.read(rows.getString(TraceColumn.NAME)));
    }

    private static TurnFinal ending(String json) {
        try {
            return JsonCodec.ending(json);
        } catch (RuntimeException e) {
            return TurnFinal.failed("", UNREADABLE_ENDING, Optional.empty());
        }
    }
}
