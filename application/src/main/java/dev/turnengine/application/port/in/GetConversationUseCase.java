package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import java.util.Optional;

/** Looks up one of the caller's conversations. */
public interface GetConversationUseCase {

    /** The conversation with its activity; empty when it does not exist or belongs to another tenant. */
    Optional<ConversationView> get(Caller caller, ConversationId conversationId);
}
