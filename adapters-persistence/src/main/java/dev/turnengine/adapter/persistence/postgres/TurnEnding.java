package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnEvent;
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
 * The one statement of the transaction that ends a turn. It locks the conversation's row, and then, only if the turn
 * is still in one of the given statuses, records its ending, journals its last text and its final after the
 * sequence the lock read, moves the counter, queues its webhook delivery (when the tenant has an endpoint), and says
 * whether other turns are queued behind it.
 *
 * <p>The lock is taken inside the statement, so the statement's snapshot can be older than the lock: a turn admitted
 * while the lock was awaited is not in it. Every admission moves the conversation's counter, so when the locked
 * counter differs from the one in the snapshot the statement cannot rule out a turn queued behind, and says there may
 * be one; the caller's start of the next turn then looks again, under a lock of its own. The turn's own row is
 * re-read after the wait, as any {@code UPDATE} does.
 */
final class TurnEnding {

    /** The events written, the final last, and whether turns of the conversation were (or may have been) queued. */
    record Ended(List<JournalEvent> events, boolean queuedBehind) {
    }

    private static final String END = "WITH c AS (SELECT tenant, last_seq FROM conversations WHERE conversation_id = ? "
            + "AND deleted_at IS NULL FOR UPDATE), "
            + "t AS (UPDATE turns SET status = ?, outcome = ?::json, finished_at = ?, lease_owner = NULL, "
            + "lease_until = NULL FROM c WHERE turns.conversation_id = ? AND turn_id = ? AND status IN %s "
            + "RETURNING turn_id), "
            + "w AS (INSERT INTO webhook_deliveries (turn_id, tenant, conversation_id, outcome, ended_at, next_attempt_at) "
            + "SELECT t.turn_id, c.tenant, ?, ?::json, ?, ? FROM t, c "
            + "WHERE EXISTS (SELECT 1 FROM webhooks WHERE webhooks.tenant = c.tenant) ON CONFLICT (turn_id) DO NOTHING), "
            + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, c.last_seq + e.n, t.turn_id, e.type, "
            + "e.payload::json, ? FROM t, c, unnest(?::text[], ?::text[]) WITH ORDINALITY AS e(type, payload, n)), "
            + "u AS (UPDATE conversations SET last_seq = c.last_seq + ? FROM c WHERE conversations.conversation_id = ? "
            + "AND EXISTS (SELECT 1 FROM t)) "
            + "SELECT (SELECT count(*) FROM t), (SELECT last_seq FROM c), "
            + "EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? AND status = " + StatusSql.QUEUED
            + " AND turn_id <> ?) OR (SELECT last_seq FROM c) IS DISTINCT FROM "
            + "(SELECT last_seq FROM conversations WHERE conversation_id = ?)";

    private TurnEnding() {
    }

    /** Ends the turn if its status is one of {@code statuses} (an SQL list); empty, writing nothing, if not. */
    static Optional<Ended> end(Connection connection, ConversationId conversationId, TurnId turnId,
            Optional<TextDelta> lastText, TurnFinal ending, Instant at, String statuses) throws SQLException {
        List<TurnEvent> events = new ArrayList<>();
        lastText.ifPresent(events::add);
        events.add(ending);
        String outcome = JsonCodec.event(ending);
        try (PreparedStatement end = connection.prepareStatement(END.formatted(statuses))) {
            int i = 0;
            end.setObject(++i, conversationId.value());
            end.setString(++i, StatusSql.text(ending.status().turnStatus()));
            end.setString(++i, outcome);
            Jdbc.setInstant(end, ++i, at);
            end.setObject(++i, conversationId.value());
            end.setObject(++i, turnId.value());
            end.setObject(++i, conversationId.value());
            end.setString(++i, outcome);
            Jdbc.setInstant(end, ++i, at);
            Jdbc.setInstant(end, ++i, at);
            end.setObject(++i, conversationId.value());
            Jdbc.setInstant(end, ++i, at);
            end.setArray(++i, connection.createArrayOf("text", events.stream().map(TurnEvent::type).toArray()));
            end.setArray(++i, connection.createArrayOf("text", events.stream().map(JsonCodec::event).toArray()));
            end.setLong(++i, events.size());
            end.setObject(++i, conversationId.value());
            end.setObject(++i, conversationId.value());
            end.setObject(++i, turnId.value());
            end.setObject(++i, conversationId.value());
            try (ResultSet rows = end.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return Optional.empty();
                }
                long seq = rows.getLong(2);
                List<JournalEvent> written = new ArrayList<>();
                for (TurnEvent event : events) {
                    written.add(new JournalEvent(conversationId, ++seq, turnId, event, at));
                }
                return Optional.of(new Ended(List.copyOf(written), rows.getBoolean(3)));
            }
        }
    }
}
