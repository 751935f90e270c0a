package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;
import java.util.Objects;

/**
 * A stored turn that cannot be decoded (a row written by another version, damaged, or past a reader's
 * limit): it can never run, so whoever meets it ends it rather than retrying it forever.
 */
public final class UnreadableTurnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ConversationId conversationId;
    private final transient TurnId turnId;

    public UnreadableTurnException(ConversationId conversationId, TurnId turnId, Throwable cause) {
        super("turn " + turnId + " of conversation " + conversationId + " cannot be decoded", cause);
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.turnId = Objects.requireNonNull(turnId, "turnId");
    }

    public ConversationId conversationId() {
        return conversationId;
    }

    public TurnId turnId() {
        return turnId;
    }
}
