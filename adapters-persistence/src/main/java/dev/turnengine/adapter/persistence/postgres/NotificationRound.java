package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.adapter.persistence.postgres.NotificationMessages.EncodedEvent;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one round of {@link JournalNotifier} will tell other nodes: for each conversation that moved, its latest
 * sequence and, while they fit in {@link NotificationMessages#MAX_ROUND_EVENT_BYTES}, its events. Not
 * thread-safe: the notifier guards it with its lock.
 */
final class NotificationRound {

    private final Map<ConversationId, Conversation> conversations = new HashMap<>();
    /** Conversations another node named for the first time: announced at their latest sequence, read when sent. */
    private final Set<ConversationId> toCatchUp = new HashSet<>();

    /** One conversation's part of the round. */
    private static final class Conversation {

        private long latestSeq;
        /** Encoded events by sequence; null once they outgrew the limit, or were never given. */
        private TreeMap<Long, EncodedEvent> events = new TreeMap<>();
        private int bytes;

        void add(List<JournalEvent> published, List<EncodedEvent> encoded) {
            latestSeq = Math.max(latestSeq, published.getLast().seq());
            if (encoded.isEmpty()) {
                events = null;
            }
            for (int i = 0; i < published.size() && events != null; i++) {
                if (events.putIfAbsent(published.get(i).seq(), encoded.get(i)) == null) {
                    bytes += encoded.get(i).bytes();
                    if (bytes > NotificationMessages.MAX_ROUND_EVENT_BYTES) {
                        events = null;
                    }
                }
            }
        }

        void learn(long seq) {
            latestSeq = Math.max(latestSeq, seq);
        }

        void announceOnly(long seq) {
            latestSeq = Math.max(latestSeq, seq);
            events = null;
        }
    }

    /**
     * Adds events just committed, in order, with their encodings ({@link NotificationMessages#encode}); with none,
     * the conversation is only announced this round.
     */
    void add(ConversationId conversationId, List<JournalEvent> published, List<EncodedEvent> encoded) {
        conversations.computeIfAbsent(conversationId, id -> new Conversation()).add(published, encoded);
    }

    /**
     * Tells of the conversation's journal reaching at least {@code latestSeq} (read from the database), along with
     * whatever events of it the round already carries.
     */
    void announce(ConversationId conversationId, long latestSeq) {
        conversations.computeIfAbsent(conversationId, id -> new Conversation()).learn(latestSeq);
    }

    /** Adds conversations another node just named, to be announced at their latest sequence when sent. */
    void catchUp(Collection<ConversationId> named) {
        toCatchUp.addAll(named);
    }

    /** The conversations to catch up: the sender reads their latest sequences and {@link #announce}s them. */
    Set<ConversationId> toCatchUp() {
        return toCatchUp;
    }

    /** How many conversations with events the round tells of (not counting those to catch up). */
    int size() {
        return conversations.size();
    }

    /** Whether the round has nothing to tell: no conversation that moved, none to catch up. */
    boolean isEmpty() {
        return conversations.isEmpty() && toCatchUp.isEmpty();
    }

    /**
     * Puts this round's conversations into {@code next} as announcements only, and those to catch up as they are,
     * for a round that could not be sent: receivers then read the events from the journal.
     */
    void announceAgainIn(NotificationRound next) {
        conversations.forEach((id, entry) ->
                next.conversations.computeIfAbsent(id, key -> new Conversation()).announceOnly(entry.latestSeq));
        next.toCatchUp.addAll(toCatchUp);
    }

    /**
     * The round's messages: the signed events messages first, then the {@code conversation:seq} announcements, so a
     * receiver has the events before it hears of them.
     */
    List<String> payloads(NotificationKey key) {
        Map<ConversationId, Long> latest = new HashMap<>();
        List<EncodedEvent> events = new ArrayList<>();
        conversations.forEach((id, entry) -> {
            latest.put(id, entry.latestSeq);
            if (entry.events != null) {
                events.addAll(entry.events.values());
            }
        });
        List<String> payloads = new ArrayList<>(NotificationMessages.eventPayloads(events, key));
        payloads.addAll(NotificationMessages.announcements(latest));
        return payloads;
    }
}
