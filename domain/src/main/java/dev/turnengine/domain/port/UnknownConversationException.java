package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;

/** A store was asked to change a conversation that does not exist (any more): it was deleted meanwhile. */
public final class UnknownConversationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownConversationException(ConversationId id) {
        super("no conversation " + id);
    }
}
