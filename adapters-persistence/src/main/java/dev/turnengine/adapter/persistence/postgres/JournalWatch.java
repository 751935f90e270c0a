package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The safety net under notifications: every so often it reads the latest sequence of each conversation this
 * node's subscribers watch, so an event whose notification was never sent (its node died right after the
 * commit) or never heard (the LISTEN connection was down) still reaches them within two periods.
 *
 * <p>A sequence is announced only when the check before already saw it committed and nothing has brought it
 * since. A commit whose notification is merely on its way (the notifier sends in rounds) is left to it: on
 * a conversation that streams, a check often falls between a commit and its notification, and announcing it
 * would make the subscribers read the journal for events about to arrive with the notification.
 */
final class JournalWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalWatch.class.getName());
    private static final int CHUNK = 1_000;

    private final Jdbc jdbc;
    private final JournalFeed feed;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean closed;
    /** Sequences the last check read that no notification had brought yet; only the checking thread uses it. */
    private Map<ConversationId, Long> unheard = Map.of();

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

    /** Reads the watched conversations' latest sequences once and announces those unheard since the last check. */
    void checkOnce() {
        List<ConversationId> watched = feed.watched();
        Map<ConversationId, Long> stillUnheard = new HashMap<>();
        for (int from = 0; from < watched.size(); from += CHUNK) {
            List<ConversationId> chunk = watched.subList(from, Math.min(watched.size(), from + CHUNK));
            jdbc.query(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT conversation_id, last_seq FROM conversations WHERE conversation_id = ANY (?)")) {
                    query.setArray(1, connection.createArrayOf("uuid",
                            chunk.stream().map(ConversationId::value).toArray()));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            ConversationId conversation = new ConversationId(rows.getObject(1, UUID.class));
                            long latest = rows.getLong(2);
                            long heard = feed.latestKnown(conversation);
                            if (latest <= heard) {
                                continue;
                            }
                            Long before = unheard.get(conversation);
                            if (before != null && before > heard) {
                                feed.announce(conversation, latest); // committed a period ago and never heard of
                            } else {
                                stillUnheard.put(conversation, latest); // perhaps on its way: look again next time
                            }
                        }
                    }
                }
                return null;
            });
        }
        unheard = stillUnheard;
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
