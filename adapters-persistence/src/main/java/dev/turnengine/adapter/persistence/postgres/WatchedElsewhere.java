package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The conversations that other nodes said their streams watch, as heard in their
 * {@linkplain NotificationMessages#watching watch messages}: {@link JournalNotifier} tells of a conversation's
 * commits, with their events, only while it is here. A name counts for {@link #EXPIRY_NANOS} after it was last
 * heard (nodes repeat theirs every {@link JournalNotifier#WATCH_REFRESH_NANOS}); this node's own messages, which
 * its listener hears too, are ignored. Thread-safe: the listener adds, committing threads ask, the notifier forgets.
 *
 * <p>Past {@link #MAX_CONVERSATIONS} a name heard is not remembered; for {@link #EXPIRY_NANOS} after that,
 * {@link #overflowing()} says so, and the notifier announces every conversation as it did before nodes named theirs.
 */
final class WatchedElsewhere {

    /** How long another node's watch of a conversation counts without being repeated: three refreshes. */
    static final long EXPIRY_NANOS = 3 * JournalNotifier.WATCH_REFRESH_NANOS;
    /**
     * At most this many conversations are remembered (any node with the database's role may send watch messages);
     * past it, every conversation is announced without its events, and streams read the journal.
     */
    static final int MAX_CONVERSATIONS = 500_000;

    private final String ownNode;
    private final LongSupplier nanoTime;
    private final int limit;
    /** Each conversation with when ({@code nanoTime}) its watch stops counting. */
    private final Map<ConversationId, Long> until = new ConcurrentHashMap<>();
    /** Whether a name was ever left out for lack of room, and until when ({@code nanoTime}) that counts. */
    private volatile boolean full;
    private volatile long fullUntil;

    /** Remembers up to {@code limit} conversations, ignoring messages from {@code ownNode}, on the given clock. */
    WatchedElsewhere(String ownNode, LongSupplier nanoTime, int limit) {
        this.ownNode = ownNode;
        this.nanoTime = nanoTime;
        this.limit = limit;
    }

    /**
     * Takes a watch message heard on the channel; malformed ones and this node's own change nothing. Returns the
     * conversations it named that were not watched elsewhere until now (nor remembered, for lack of room).
     */
    List<ConversationId> heard(String watchMessage) {
        Optional<NotificationMessages.Watching> message = NotificationMessages.parseWatching(watchMessage)
                .filter(watching -> !watching.node().equals(ownNode));
        if (message.isEmpty()) {
            return List.of();
        }
        long now = nanoTime.getAsLong();
        long expires = now + EXPIRY_NANOS;
        List<ConversationId> added = new ArrayList<>();
        for (ConversationId conversation : message.get().conversations()) {
            if (until.size() < limit || until.containsKey(conversation)) {
                Long before = until.put(conversation, expires);
                if (before == null || before - now <= 0) {
                    added.add(conversation);
                }
            } else {
                fullUntil = expires;
                full = true;
            }
        }
        return added;
    }

    /** Whether, recently enough, a watched conversation could not be remembered: nobody knows which it was. */
    boolean overflowing() {
        return full && fullUntil - nanoTime.getAsLong() > 0;
    }

    /** Whether another node said, recently enough, that its streams watch the conversation. */
    boolean contains(ConversationId conversationId) {
        Long expires = until.get(conversationId);
        return expires != null && expires - nanoTime.getAsLong() > 0;
    }

    /** Drops the conversations whose watch no longer counts, so the map holds only live ones. */
    void forgetExpired() {
        long now = nanoTime.getAsLong();
        until.values().removeIf(expires -> expires - now <= 0);
    }

    /** How many conversations are remembered, expired ones not yet forgotten included. */
    int size() {
        return until.size();
    }
}
