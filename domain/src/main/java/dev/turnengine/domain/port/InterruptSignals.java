package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;

/** Carries interrupt requests to whichever node runs the turn. */
public interface InterruptSignals {

    /** Asks the node running the turn to stop it; harmless when the turn is not running. */
    void request(ConversationId conversationId, TurnId turnId);

    /** Calls {@code listener} for every request made from now on, on any node, until closed. */
    Subscription listen(Listener listener);

    /** Receives interrupt requests; must return quickly. */
    @FunctionalInterface
    interface Listener {

        /** Someone asked to stop this turn. */
        void interruptRequested(ConversationId conversationId, TurnId turnId);
    }
}
