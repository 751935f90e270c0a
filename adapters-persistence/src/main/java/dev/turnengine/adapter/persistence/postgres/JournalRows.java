package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TurnEvent;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The statements every journal write shares: lock the conversation's counter, insert events. */
final class JournalRows {

    /** A locked conversation row: its owner and the sequence of its latest event. */
    record LockedConversation(TenantId tenant, long lastSeq) {
    }

    static final String COLUMNS = "conversation_id, seq, turn_id, type, payload, at";

    private JournalRows() {
    }

    /**
     * A statement that locks one conversation's row (bound to its id), whatever its state, for a statement sent
     * after it in the same execute: that one starts once the lock is granted and reads the row afresh.
     */
    static final String LOCK_AHEAD = "SELECT 1 FROM conversations WHERE conversation_id = ? FOR UPDATE";

    /**
     * Locks the conversation's row for the rest of the transaction; empty when there is no such conversation
     * or it is being deleted.
     */
    static Optional<LockedConversation> lock(Connection connection, ConversationId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant, last_seq FROM conversations WHERE conversation_id = ? AND deleted_at IS NULL FOR UPDATE")) {
            statement.setObject(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new LockedConversation(new TenantId(rows.getString(1)), rows.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Inserts one event and moves the conversation's counter to it. Nothing is notified inside the transaction:
     * publishing the event to the feed after the commit tells other nodes ({@link JournalNotifier}).
     */
    static JournalEvent appendOne(
            Connection connection, ConversationId conversationId, long seq, TurnId turnId, TurnEvent event, Instant at)
            throws SQLException {
        JournalEvent stored = new JournalEvent(conversationId, seq, turnId, event, at);
        insert(connection, List.of(stored));
        moveCounter(connection, conversationId, seq);
        return stored; // other nodes hear of it after the commit, from the JournalNotifier
    }

    /** Moves the conversation's counter to its latest event, {@code seq}. */
    static void moveCounter(Connection connection, ConversationId conversationId, long seq) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET last_seq = ? WHERE conversation_id = ?")) {
            update.setLong(1, seq);
            update.setObject(2, conversationId.value());
            update.executeUpdate();
        }
    }

    /**
     * Inserts a few events in one statement, leaving the conversations' counters to the caller (who moves
     * them in a statement it makes anyway).
     */
    static void insert(Connection connection, List<JournalEvent> events) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO journal (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?::json, ?)");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < events.size(); i++) {
                bind(insert, i * 6, events.get(i));
            }
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement insert, int offset, JournalEvent event) throws SQLException {
        insert.setObject(offset + 1, event.conversationId().value());
        insert.setLong(offset + 2, event.seq());
        insert.setObject(offset + 3, event.turnId().value());
        insert.setString(offset + 4, event.event().type());
        insert.setString(offset + 5, JsonCodec.event(event.event()));
        Jdbc.setInstant(insert, offset + 6, event.at());
    }

    static JournalEvent event(ResultSet rows) throws SQLException {
        return new JournalEvent(
                new ConversationId(rows.getObject("conversation_id", java.util.UUID.class)),
                rows.getLong("seq"),
                new TurnId(rows.getObject("turn_id", java.util.UUID.class)),
                JsonCodec.event(rows.getString("type"), rows.getString("payload")),
                Jdbc.getInstant(rows, "at"));
    }
}
