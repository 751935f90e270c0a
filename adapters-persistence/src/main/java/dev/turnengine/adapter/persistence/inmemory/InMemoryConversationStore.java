package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.turn.ConversationActivity;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Conversations kept in memory. */
public final class InMemoryConversationStore implements ConversationStore {

    private final InMemoryState state;

    InMemoryConversationStore(InMemoryState state) {
        this.state = state;
    }

    @Override
    public void create(Conversation conversation) {
        Objects.requireNonNull(conversation, "conversation");
        if (!state.add(new ConversationState(conversation, state.feed()))) {
            throw new IllegalStateException("conversation " + conversation.id() + " already exists");
        }
    }

    @Override
    public Optional<Conversation> find(TenantId tenant, ConversationId id) {
        return get(id).filter(conversation -> conversation.tenant().equals(tenant));
    }

    @Override
    public Optional<Conversation> get(ConversationId id) {
        return state.lookup(id).flatMap(conversation -> conversation.locked(
                c -> c.isDeleted() ? Optional.<Conversation>empty() : Optional.of(c.conversation)));
    }

    @Override
    public List<ConversationSummary> page(TenantId tenant, Optional<ActivityCursor> after, int limit) {
        Objects.requireNonNull(after, "after");
        Comparator<ConversationSummary> newestFirst = Comparator
                .comparing(ConversationSummary::lastActivityAt)
                .thenComparing((a, b) -> ActivityCursor.compareIds(a.conversation().id(), b.conversation().id()))
                .reversed();
        return state.collectAll(c -> {
                    if (c.isDeleted() || !c.conversation.tenant().equals(tenant)
                            || after.isPresent() && !after.get().isFollowedBy(c.lastActivityAt, c.id())) {
                        return List.<ConversationSummary>of();
                    }
                    return List.of(new ConversationSummary(c.conversation, c.lastActivityAt,
                            new ConversationActivity(c.running, c.queue.size())));
                })
                .stream()
                .sorted(newestFirst)
                .limit(Math.max(limit, 0))
                .toList();
    }
}
