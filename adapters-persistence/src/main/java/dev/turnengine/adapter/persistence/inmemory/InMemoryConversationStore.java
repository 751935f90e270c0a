package dev.turnengine.adapter.persistence.inmemory;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.port.ConversationStore;
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
        return state.lookup(id).map(conversation -> conversation.locked(c -> c.conversation));
    }
}
