package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;

/** Stops a conversation's running turn. */
public interface InterruptTurnUseCase {

    /** Asks the running turn to stop; it ends with {@code final} status {@code interrupted}. Repeats are harmless. */
    Result interrupt(Caller caller, ConversationId conversationId);

    /** What the interrupt found. */
    sealed interface Result {

        /** A turn was running and has been told to stop. */
        record Interrupted(TurnId turnId) implements Result {
        }

        /** No turn was running. */
        record Idle() implements Result {
        }

        /** The conversation does not exist or belongs to another tenant. */
        record NotFound() implements Result {
        }
    }
}
