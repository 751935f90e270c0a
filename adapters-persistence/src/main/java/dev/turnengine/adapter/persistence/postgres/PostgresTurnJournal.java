package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.TurnId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Journals in PostgreSQL. Deltas are group-committed by a single writer; subscribers on this node are
 * woken right after each commit, subscribers on other nodes by a notification, and all of them read the
 * journal itself after their own cursor. Refuses text for a turn that is not running
 * ({@link IllegalStateException}), so nothing of a turn is ever journaled after its final.
 */
public final class PostgresTurnJournal implements TurnJournal {

    private final Jdbc jdbc;
    private final DeltaWriter writer;
    private final JournalFeed feed;

    PostgresTurnJournal(Jdbc jdbc, DeltaWriter writer, JournalFeed feed) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.feed = feed;
    }

    @Override
    public boolean appendsWaitForCommit() {
        return true;
    }

    @Override
    public JournalEvent appendDelta(ConversationId conversationId, TurnId turnId, TextDelta delta) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(delta, "delta");
        return writer.append(conversationId, turnId, delta);
    }

    @Override
    public List<JournalEvent> read(ConversationId conversationId, long afterSeq, int limit) {
        return read(jdbc, conversationId, afterSeq, limit);
    }

    static List<JournalEvent> read(Jdbc jdbc, ConversationId conversationId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + JournalRows.COLUMNS
                    + " FROM journal WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                query.setObject(1, conversationId.value());
                query.setLong(2, afterSeq);
                query.setInt(3, limit);
                List<JournalEvent> events = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        events.add(JournalRows.event(rows));
                    }
                }
                return List.copyOf(events);
            }
        });
    }

    @Override
    public long lastSeq(ConversationId conversationId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT last_seq FROM conversations WHERE conversation_id = ?")) {
                query.setObject(1, conversationId.value());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public String streamedText(ConversationId conversationId, TurnId turnId) {
        return jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT payload FROM journal "
                    + "WHERE conversation_id = ? AND turn_id = ? AND type = 'text_delta' ORDER BY seq")) {
                query.setObject(1, conversationId.value());
                query.setObject(2, turnId.value());
                StringBuilder text = new StringBuilder();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        text.append(JsonCodec.deltaText(rows.getString(1)));
                    }
                }
                return text.toString();
            }
        });
    }

    @Override
    public Subscription subscribe(ConversationId conversationId, long afterSeq, JournalListener listener) {
        return feed.subscribe(conversationId, afterSeq, listener);
    }
}
