package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import java.util.Optional;

/** Keeps conversations. */
public interface ConversationStore {

    /** Stores a new conversation; its id is new. */
    void create(Conversation conversation);

    /** The conversation if it exists and belongs to {@code tenant}; another tenant's is simply absent. */
    Optional<Conversation> find(TenantId tenant, ConversationId id);

    /** The conversation whoever owns it; for the engine's own work, never for answering a caller. */
    Optional<Conversation> get(ConversationId id);
}
