package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The conversations that other nodes said their streams watch, as heard in their
 * {@linkplain NotificationMessages#watching watch messages}: {@link JournalNotifier} sends a conversation's events
 * along with its announcement only while it is here. A name counts for {@link #EXPIRY_NANOS} after it was last
 * heard (nodes repeat theirs every {@link JournalNotifier#WATCH_REFRESH_NANOS}); this node's own messages, which
 * its listener hears too, are ignored. Thread-safe: the listener adds, committing threads ask, the notifier forgets.
 */
final class WatchedElsewhere {

    /** How long another node's watch of a conversation counts without being repeated: three refreshes. */
    static final long EXPIRY_NANOS = 3 * JournalNotifier.WATCH_REFRESH_NANOS;
    /**
     * At most this many conversations are remembered (any node with the database's role may send watch messages);
     * past it, further ones are only announced and their streams read the journal.
     */
    static final int MAX_CONVERSATIONS = 500_000;

    private final String ownNode;
    private final LongSupplier nanoTime;
    private final int limit;
    /** Each conversation with when ({@code nanoTime}) its watch stops counting. */
    private final Map<ConversationId, Long> until = new ConcurrentHashMap<>();

    /** Remembers up to {@code limit} conversations, ignoring messages from {@code ownNode}, on the given clock. */
    WatchedElsewhere(String ownNode, LongSupplier nanoTime, int limit) {
        this.ownNode = ownNode;
        this.nanoTime = nanoTime;
        this.limit = limit;
    }

    /** Takes a watch message heard on the channel; malformed ones and this node's own change nothing. */
    void heard(String watchMessage) {
        NotificationMessages.parseWatching(watchMessage).filter(watching -> !watching.node().equals(ownNode))
                .ifPresent(watching -> {
                    long expires = nanoTime.getAsLong() + EXPIRY_NANOS;
                    for (ConversationId conversation : watching.conversations()) {
                        if (until.size() < limit || until.containsKey(conversation)) {
                            until.put(conversation, expires);
                        }
                    }
                });
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
