package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.ConversationSummary;
import dev.turnengine.domain.conversation.TenantId;
import java.util.List;
import java.util.Optional;

/** Keeps conversations. */
public interface ConversationStore {

    /** Stores a new conversation; its id is new. */
    void create(Conversation conversation);

    /** The conversation if it exists and belongs to {@code tenant}; another tenant's is simply absent. */
    Optional<Conversation> find(TenantId tenant, ConversationId id);

    /** The conversation whoever owns it; for the engine's own work, never for answering a caller. */
    Optional<Conversation> get(ConversationId id);

    /**
     * A page of the tenant's conversations, most recently active first (activity: the last accepted message,
     * else the creation; ties by id, descending), starting strictly after {@code after}. Keyset paging: a
     * page never repeats or skips a conversation whose activity did not change meanwhile; one that became
     * active moves to the head of the order, so a listing already past that point does not show it again.
     */
    List<ConversationSummary> page(TenantId tenant, Optional<ActivityCursor> after, int limit);
}
