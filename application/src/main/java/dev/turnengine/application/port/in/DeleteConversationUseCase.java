package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;

/** Deletes one of the caller's conversations with everything it owns. */
public interface DeleteConversationUseCase {

    /**
     * Ends its running and queued turns (each gets its {@code final}, {@code interrupted}, and its webhook),
     * ends its open streams once they delivered those finals, and removes its rows; afterwards it is unknown
     * everywhere. Deleting again finds nothing.
     */
    Result delete(Caller caller, ConversationId conversationId);

    /** What the deletion found. */
    sealed interface Result {

        /** It existed and is gone. */
        record Deleted() implements Result {
        }

        /** It does not exist (any more) or belongs to another tenant. */
        record NotFound() implements Result {
        }
    }
}
