package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.adapter.persistence.feed.JournalFeed;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.webhook.WebhookEndpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Everything the in-memory adapters share: conversations with their turns, journals and keys. */
final class InMemoryState {

    private final Map<ConversationId, ConversationState> conversations = new ConcurrentHashMap<>();
    private final Clock clock;
    private final JournalFeed feed;
    private final Map<TenantId, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
    private final InMemoryWebhookOutbox outbox = new InMemoryWebhookOutbox(endpoints);
    private final InMemoryWebhookEndpoints webhooks = new InMemoryWebhookEndpoints(endpoints, outbox);

    InMemoryState(Clock clock) {
        this.clock = clock;
        this.feed = JournalFeed.onVirtualThreads(
                (conversationId, afterSeq, limit) -> lookup(conversationId)
                        .map(conversation -> conversation.locked(c -> c.read(afterSeq, limit)))
                        .orElse(List.of()));
    }

    Clock clock() {
        return clock;
    }

    JournalFeed feed() {
        return feed;
    }

    InMemoryWebhookOutbox outbox() {
        return outbox;
    }

    InMemoryWebhookEndpoints webhooks() {
        return webhooks;
    }

    /** Forgets a conversation's state; false when there was none. */
    boolean remove(ConversationId id) {
        return conversations.remove(id) != null;
    }

    /** Adds a conversation's state; false when one with that id exists. */
    boolean add(ConversationState state) {
        return conversations.putIfAbsent(state.id(), state) == null;
    }

    Optional<ConversationState> lookup(ConversationId id) {
        return Optional.ofNullable(conversations.get(id));
    }

    ConversationState require(ConversationId id) {
        return lookup(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
    }

    /** Applies {@code action} to every conversation under its own lock, collecting the results. */
    <T> List<T> collectAll(Function<ConversationState, Collection<T>> action) {
        List<T> result = new ArrayList<>();
        for (ConversationState state : conversations.values()) {
            result.addAll(state.locked(action));
        }
        return result;
    }
}
