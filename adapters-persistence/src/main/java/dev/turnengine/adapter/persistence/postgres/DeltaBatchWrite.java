package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.turn.TurnId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One batch of text deltas written in one transaction of statements sent together: the conversations' counters
 * locked in one order (so writers here and on other nodes cannot deadlock), the deltas of running turns numbered
 * after them, journaled and the counters moved, and the commit. What {@link DeltaWriter} sends for each batch.
 */
final class DeltaBatchWrite {

    /** A delta to write: its conversation, its turn, its text. */
    interface Delta {
        ConversationId conversationId();

        TurnId turnId();

        TextDelta delta();
    }

    /**
     * What a batch's transaction did: the events it journaled, in conversation and sequence order; the deltas it
     * refused, with why; and each kept delta's event.
     */
    record Outcome<T>(List<JournalEvent> stored, Map<T, RuntimeException> refused, Map<T, JournalEvent> events) {
    }

    /**
     * Plans the batch's statements once per connection. The lock's {@code = ANY} over an array of a few ids looks
     * cheaper to PostgreSQL with its values known, so otherwise it is planned again for every batch: in a fan-out
     * of small batches, planning it took two and a half times as long as running it.
     */
    private static final String PLAN_ONCE = "SET LOCAL plan_cache_mode = force_generic_plan";

    /**
     * Locks the counters of the batch's conversations, in conversation order, so that two writers cannot deadlock;
     * the write after it then reads everything committed before.
     */
    private static final String LOCK = "SELECT conversation_id FROM conversations WHERE conversation_id = ANY (?) "
            + "ORDER BY conversation_id FOR UPDATE";

    /**
     * Keeps the deltas ({@code d}, numbered in the batch's order) whose turn is running, numbers them after their
     * conversation's counter in that order, journals them, moves each counter to its last, and returns each kept
     * delta's number in the batch and its sequence. Turns start and end only under their conversation's lock, which
     * this statement's snapshot follows, so the status it reads is the current one.
     */
    private static final String WRITE = "WITH d AS (SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[]) "
            + "WITH ORDINALITY AS d(conversation_id, turn_id, payload, n)), "
            + "kept AS (SELECT d.n, d.conversation_id, d.turn_id, d.payload, c.last_seq + row_number() OVER "
            + "(PARTITION BY d.conversation_id ORDER BY d.n) AS seq FROM d "
            + "JOIN conversations c ON c.conversation_id = d.conversation_id "
            + "JOIN turns t ON t.conversation_id = d.conversation_id AND t.turn_id = d.turn_id "
            + "AND t.status = " + StatusSql.RUNNING + "), "
            + "j AS (INSERT INTO journal (" + JournalRows.COLUMNS + ") SELECT conversation_id, seq, turn_id, ?, "
            + "payload::json, ? FROM kept), "
            + "moved AS (UPDATE conversations SET last_seq = m.seq FROM (SELECT conversation_id AS id, max(seq) AS seq "
            + "FROM kept GROUP BY conversation_id) m WHERE conversation_id = m.id) "
            + "SELECT n, seq FROM kept";

    private DeltaBatchWrite() {
    }

    /**
     * Writes the batch in one transaction of statements sent together, so one round trip: the planning setting,
     * the lock, the write, the commit. A delta whose turn is not running is refused, and the reason read after.
     */
    static <T extends Delta> Outcome<T> store(Connection connection, List<T> batch, Instant at) throws SQLException {
        int size = batch.size();
        Object[] conversationIds = new Object[size];
        Object[] turnIds = new Object[size];
        Object[] payloads = new Object[size];
        for (int i = 0; i < size; i++) {
            T pending = batch.get(i);
            conversationIds[i] = pending.conversationId().value();
            turnIds[i] = pending.turnId().value();
            payloads[i] = JsonCodec.event(pending.delta());
        }
        Map<Long, Long> seqs = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                PLAN_ONCE + "; " + LOCK + "; " + WRITE + "; COMMIT")) {
            Object[] locked = Arrays.stream(conversationIds).distinct().toArray();
            statement.setArray(1, connection.createArrayOf("uuid", locked));
            statement.setArray(2, connection.createArrayOf("uuid", conversationIds));
            statement.setArray(3, connection.createArrayOf("uuid", turnIds));
            statement.setArray(4, connection.createArrayOf("text", payloads));
            statement.setString(5, batch.getFirst().delta().type());
            Jdbc.setInstant(statement, 6, at);
            statement.execute(); // the setting's result; then the lock's
            if (!statement.getMoreResults() || !statement.getMoreResults()) {
                throw new SQLException("the journal's write returned no rows");
            }
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    seqs.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        Map<T, RuntimeException> refused = new HashMap<>();
        Map<T, JournalEvent> events = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            T pending = batch.get(i);
            Long seq = seqs.get((long) i + 1);
            if (seq == null) {
                refused.put(pending, null);
            } else {
                events.put(pending,
                        new JournalEvent(pending.conversationId(), seq, pending.turnId(), pending.delta(), at));
            }
        }
        if (!refused.isEmpty()) {
            explainRefusals(connection, refused);
        }
        List<JournalEvent> stored = new ArrayList<>(events.values());
        stored.sort(Comparator.comparing((JournalEvent event) -> event.conversationId().value())
                .thenComparingLong(JournalEvent::seq));
        return new Outcome<>(stored, refused, events);
    }

    /** Says why each refused delta was refused: its conversation does not exist, or its turn is not running. */
    private static <T extends Delta> void explainRefusals(Connection connection, Map<T, RuntimeException> refused)
            throws SQLException {
        Set<UUID> existing = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT conversation_id FROM conversations WHERE conversation_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid",
                    refused.keySet().stream().map(pending -> pending.conversationId().value()).distinct().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getObject(1, UUID.class));
                }
            }
        }
        refused.replaceAll((pending, none) -> existing.contains(pending.conversationId().value())
                ? new IllegalStateException("turn " + pending.turnId() + " is not running")
                : new IllegalArgumentException("no conversation " + pending.conversationId()));
    }
}
