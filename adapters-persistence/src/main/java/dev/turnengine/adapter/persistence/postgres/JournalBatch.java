package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.event.JournalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes a batch of text deltas whose conversations are locked: the rows and the counters in one statement. */
final class JournalBatch {

    private JournalBatch() {
    }

    /**
     * Inserts {@code events} (of one type: text deltas, sorted by conversation, then sequence; all stamped {@code at}) and
     * moves each conversation's counter to its last one.
     */
    static void insertAndAdvance(Connection connection, List<JournalEvent> events, Instant at) throws SQLException {
        int size = events.size();
        Object[] conversationIds = new Object[size];
        Object[] seqs = new Object[size];
        Object[] turnIds = new Object[size];
        Object[] payloads = new Object[size];
        List<UUID> counterIds = new ArrayList<>();
        List<Long> counterSeqs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            JournalEvent event = events.get(i);
            conversationIds[i] = event.conversationId().value();
            seqs[i] = event.seq();
            turnIds[i] = event.turnId().value();
            payloads[i] = JsonCodec.event(event.event());
            if (!counterIds.isEmpty() && counterIds.getLast().equals(event.conversationId().value())) {
                counterSeqs.set(counterSeqs.size() - 1, event.seq());
            } else {
                counterIds.add(event.conversationId().value());
                counterSeqs.add(event.seq());
            }
        }
        try (PreparedStatement write = connection.prepareStatement("WITH inserted AS (INSERT INTO journal ("
                + JournalRows.COLUMNS + ") SELECT e.conversation_id, e.seq, e.turn_id, ?, e.payload::json, ? "
                + "FROM unnest(?::uuid[], ?::bigint[], ?::uuid[], ?::text[]) AS e(conversation_id, seq, turn_id, payload)) "
                + "UPDATE conversations c SET last_seq = v.seq FROM unnest(?::uuid[], ?::bigint[]) AS v(id, seq) "
                + "WHERE c.conversation_id = v.id")) {
            write.setString(1, events.getFirst().event().type());
            Jdbc.setInstant(write, 2, at);
            write.setArray(3, connection.createArrayOf("uuid", conversationIds));
            write.setArray(4, connection.createArrayOf("bigint", seqs));
            write.setArray(5, connection.createArrayOf("uuid", turnIds));
            write.setArray(6, connection.createArrayOf("text", payloads));
            write.setArray(7, connection.createArrayOf("uuid", counterIds.toArray()));
            write.setArray(8, connection.createArrayOf("bigint", counterSeqs.toArray()));
            write.executeUpdate();
        }
    }
}
