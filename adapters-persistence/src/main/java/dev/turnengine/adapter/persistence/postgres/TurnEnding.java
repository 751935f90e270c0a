package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.postgres.JournalRows.LockedConversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements of the transaction that ends a turn, two in all: the first locks the conversation's counter; the
 * second, only if the turn is still in one of the given statuses, records its ending, journals its last text and
 * its final, moves the counter and queues its webhook delivery (when the tenant has an endpoint), and says whether
 * other turns are queued behind it. The second statement starts after the lock is held, so it sees every turn
 * admitted before.
 */
final class TurnEnding {

    /** The events written, the final last, and whether turns of the conversation were queued then. */
    record Ended(List<JournalEvent> events, boolean queuedBehind) {
    }

    private static final String END = "WITH t AS (UPDATE turns SET status = ?, outcome = ?::json, finished_at = ?, "
            + "lease_owner = NULL, lease_until = NULL WHERE conversation_id = ? AND turn_id = ? AND status IN %s "
            + "RETURNING turn_id), "
            + "w AS (INSERT INTO webhook_deliveries (turn_id, tenant, conversation_id, outcome, ended_at, next_attempt_at) "
            + "SELECT t.turn_id, ?, ?, ?::json, ?, ? FROM t WHERE EXISTS (SELECT 1 FROM webhooks WHERE tenant = ?) "
            + "ON CONFLICT (turn_id) DO NOTHING), "
            + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, e.seq, t.turn_id, e.type, e.payload::json, ? "
            + "FROM t, unnest(?::bigint[], ?::text[], ?::text[]) AS e(seq, type, payload)), "
            + "c AS (UPDATE conversations SET last_seq = ? WHERE conversation_id = ? AND EXISTS (SELECT 1 FROM t)) "
            + "SELECT (SELECT count(*) FROM t), EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? "
            + "AND status = " + StatusSql.QUEUED + " AND turn_id <> ?)";

    private TurnEnding() {
    }

    /** Ends the turn if its status is one of {@code statuses} (an SQL list); empty, writing nothing, if not. */
    static Optional<Ended> end(Connection connection, ConversationId conversationId, TurnId turnId,
            Optional<TextDelta> lastText, TurnFinal ending, Instant at, String statuses) throws SQLException {
        Optional<LockedConversation> conversation = JournalRows.lock(connection, conversationId);
        if (conversation.isEmpty()) {
            return Optional.empty();
        }
        long seq = conversation.get().lastSeq();
        List<JournalEvent> events = new ArrayList<>();
        if (lastText.isPresent()) {
            events.add(new JournalEvent(conversationId, ++seq, turnId, lastText.get(), at));
        }
        events.add(new JournalEvent(conversationId, ++seq, turnId, ending, at));
        String outcome = JsonCodec.event(ending);
        String tenant = conversation.get().tenant().value();
        try (PreparedStatement end = connection.prepareStatement(END.formatted(statuses))) {
            int i = 0;
            end.setString(++i, StatusSql.text(ending.status().turnStatus()));
            end.setString(++i, outcome);
            Jdbc.setInstant(end, ++i, at);
            end.setObject(++i, conversationId.value());
            end.setObject(++i, turnId.value());
            end.setString(++i, tenant);
            end.setObject(++i, conversationId.value());
            end.setString(++i, outcome);
            Jdbc.setInstant(end, ++i, at);
            Jdbc.setInstant(end, ++i, at);
            end.setString(++i, tenant);
            end.setObject(++i, conversationId.value());
            Jdbc.setInstant(end, ++i, at);
            end.setArray(++i, connection.createArrayOf("bigint", events.stream().map(JournalEvent::seq).toArray()));
            end.setArray(++i, connection.createArrayOf("text", events.stream().map(e -> e.event().type()).toArray()));
            end.setArray(++i, connection.createArrayOf("text",
                    events.stream().map(e -> JsonCodec.event(e.event())).toArray()));
            end.setLong(++i, seq);
            end.setObject(++i, conversationId.value());
            end.setObject(++i, conversationId.value());
            end.setObject(++i, turnId.value());
            try (ResultSet rows = end.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return Optional.empty();
                }
                return Optional.of(new Ended(List.copyOf(events), rows.getBoolean(2)));
            }
        }
    }
}
