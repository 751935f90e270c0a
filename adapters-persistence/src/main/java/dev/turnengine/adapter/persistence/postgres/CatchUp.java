package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notifier's catch-up of conversations another node names for the first time: their latest sequences, read
 * from the database when the round that carries them is sent. Whatever was committed before the other node's
 * stream read the journal is at or below that sequence; whatever is committed after is told as usual.
 */
final class CatchUp {

    /** Conversations whose latest sequences one query reads. */
    private static final int CHUNK = 1_000;

    private final AtomicLong caughtUp = new AtomicLong();

    /** Adds to {@code round} the latest sequence of each conversation it has to catch up that has events. */
    void announceLatest(Connection open, NotificationRound round) throws SQLException {
        List<ConversationId> all = List.copyOf(round.toCatchUp());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<ConversationId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement latest = open.prepareStatement(
                    "SELECT conversation_id, last_seq FROM conversations WHERE conversation_id = ANY (?) AND last_seq > 0")) {
                latest.setArray(1, open.createArrayOf("uuid", chunk.stream().map(ConversationId::value).toArray()));
                try (ResultSet rows = latest.executeQuery()) {
                    while (rows.next()) {
                        round.announce(new ConversationId(rows.getObject(1, UUID.class)), rows.getLong(2));
                        caughtUp.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Conversations announced so far because another node named them for the first time. */
    long caughtUp() {
        return caughtUp.get();
    }
}
