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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transaction that ends a turn, sent as one execute of three statements, so one round trip (why the driver sends
 * them together, and why the result would not change if it did not: {@link PostgresAdmission}). The first locks the
 * conversation's counter. The second
 * starts after the lock is granted, so it sees every turn admitted before; only if the turn is still in one of the
 * given statuses, it records its ending, journals its last text and its final after the counter, moves the counter
 * and queues its webhook delivery (when the tenant has an endpoint), and it says whether other turns are queued
 * behind it. The third commits.
 */
final class TurnEnding {

    /** The events written, the final last, and whether turns of the conversation were queued then. */
    record Ended(List<JournalEvent> events, boolean queuedBehind) {
    }

    private static final String END = "WITH cv AS (SELECT tenant, last_seq FROM conversations "
            + "WHERE conversation_id = ? AND deleted_at IS NULL), "
            + "t AS (UPDATE turns SET " + TurnRows.ENDED + " "
            + "WHERE conversation_id = ? AND turn_id = ? AND status IN %s "
            + "AND EXISTS (SELECT 1 FROM cv) RETURNING turn_id), "
            + "w AS (INSERT INTO webhook_deliveries (turn_id, tenant, conversation_id, outcome, ended_at, next_attempt_at) "
            + "SELECT t.turn_id, cv.tenant, ?, ?::json, ?, ? FROM t, cv "
            + "WHERE EXISTS (SELECT 1 FROM webhooks WHERE webhooks.tenant = cv.tenant) ON CONFLICT (turn_id) DO NOTHING), "
            + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT ?, cv.last_seq + e.n, t.turn_id, e.type, "
            + "e.payload::json, ? FROM t, cv, unnest(?::text[], ?::text[]) WITH ORDINALITY AS e(type, payload, n)), "
            + "c AS (UPDATE conversations SET last_seq = cv.last_seq + ? FROM cv WHERE conversation_id = ? "
            + "AND EXISTS (SELECT 1 FROM t)) "
            + "SELECT (SELECT count(*) FROM t) AS ended, (SELECT last_seq FROM cv) AS last_seq, "
            + "EXISTS (SELECT 1 FROM turns WHERE conversation_id = ? AND status = " + StatusSql.QUEUED
            + " AND turn_id <> ?) AS queued_behind";

    /** The whole execute per SQL list of statuses (there are two), built once rather than on every ending. */
    private static final Map<String, String> SQL = new ConcurrentHashMap<>();

    private TurnEnding() {
    }

    /**
     * Ends the turn if its status is one of {@code statuses} (an SQL list), and commits; empty, writing nothing, if
     * not, or if the conversation is gone.
     */
    static Optional<Ended> end(Connection connection, ConversationId conversationId, TurnId turnId,
            Optional<TextDelta> lastText, TurnFinal ending, Instant at, String statuses) throws SQLException {
        List<TurnEvent> events = new ArrayList<>();
        lastText.ifPresent(events::add);
        events.add(ending);
        // The final's JSON is its journal payload and the turn's outcome alike: encoded once.
        String outcome = JsonCodec.event(ending);
        List<String> payloads = new ArrayList<>();
        lastText.ifPresent(text -> payloads.add(JsonCodec.event(text)));
        payloads.add(outcome);
        try (PreparedStatement end = connection.prepareStatement(SQL.computeIfAbsent(statuses,
                list -> JournalRows.LOCK_AHEAD + "; " + END.formatted(list) + "; COMMIT"))) {
            int i = 0;
            end.setObject(++i, conversationId.value());
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
            end.setArray(++i, connection.createArrayOf("text", payloads.toArray()));
            end.setLong(++i, events.size());
            end.setObject(++i, conversationId.value());
            end.setObject(++i, conversationId.value());
            end.setObject(++i, turnId.value());
            end.execute();
            if (!end.getMoreResults()) {
                throw new SQLException("the ending's write returned no rows");
            }
            try (ResultSet rows = end.getResultSet()) {
                rows.next();
                if (rows.getLong("ended") == 0) {
                    return Optional.empty();
                }
                long seq = rows.getLong("last_seq");
                List<JournalEvent> journaled = new ArrayList<>();
                for (TurnEvent event : events) {
                    journaled.add(new JournalEvent(conversationId, ++seq, turnId, event, at));
                }
                return Optional.of(new Ended(List.copyOf(journaled), rows.getBoolean("queued_behind")));
            }
        }
    }
}
