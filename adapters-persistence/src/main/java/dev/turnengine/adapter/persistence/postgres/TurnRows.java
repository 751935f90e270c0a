package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Maps rows of the {@code turns} table to turns. */
final class TurnRows {

    static final String COLUMNS = "conversation_id, turn_id, accepted_seq, status, source, message, outcome, "
            + "accepted_at, started_at, finished_at, " + TraceColumn.NAME;

    private TurnRows() {
    }

    static Turn turn(ResultSet rows) throws SQLException {
        Optional<TurnFinal> outcome = Optional.ofNullable(rows.getString("outcome")).map(JsonCodec::ending);
        return new Turn(
                new TurnId(rows.getObject("turn_id", UUID.class)),
                new ConversationId(rows.getObject("conversation_id", UUID.class)),
                JsonCodec.message(rows.getString("message")),
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
}
