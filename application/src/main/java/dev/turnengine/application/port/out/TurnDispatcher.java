package dev.turnengine.application.port.out;

import dev.turnengine.domain.conversation.ConversationId;

/** Makes sure somebody runs a conversation's queued turns. */
@FunctionalInterface
public interface TurnDispatcher {

    /** Starts running the conversation's queued turns, in order, unless that is already happening. */
    void dispatch(ConversationId conversationId);
}
