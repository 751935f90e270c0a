package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The safety net under notifications: every so often it reads the latest sequence of each conversation this
 * node's subscribers watch and announces it, so an event whose notification was never sent (its node died
 * right after the commit) or never heard (the LISTEN connection was down) still reaches them within a period.
 */
final class JournalWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalWatch.class.getName());
    private static final int CHUNK = 1_000;

    private final Jdbc jdbc;
    private final JournalFeed feed;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean closed;

    JournalWatch(Jdbc jdbc, JournalFeed feed, long periodMillis) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.periodMillis = periodMillis;
        this.thread = Thread.ofPlatform().daemon().name("journal-watch").start(this::run);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the watched conversations' latest sequences once and announces them. */
    void checkOnce() {
        List<ConversationId> watched = feed.watched();
        for (int from = 0; from < watched.size(); from += CHUNK) {
            List<ConversationId> chunk = watched.subList(from, Math.min(watched.size(), from + CHUNK));
            jdbc.query(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT conversation_id, last_seq FROM conversations WHERE conversation_id = ANY (?)")) {
                    query.setArray(1, connection.createArrayOf("uuid",
                            chunk.stream().map(ConversationId::value).toArray()));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            feed.announce(new ConversationId(rows.getObject(1, UUID.class)), rows.getLong(2));
                        }
                    }
                }
                return null;
            });
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(periodMillis);
                checkOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not check the watched conversations: " + e.getMessage());
            }
        }
    }
}
