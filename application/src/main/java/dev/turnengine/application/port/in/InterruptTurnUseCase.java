package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.util.Optional;

/** Stops a conversation's running turn, or one named turn, queued or running. */
public interface InterruptTurnUseCase {

    /**
     * Asks the running turn to stop; it ends with {@code final} status {@code interrupted}. Repeats are
     * harmless: a turn that started less than two seconds after an interrupt ended the previous one is
     * spared (see {@link dev.turnengine.domain.lifecycle.RepeatedInterrupt}).
     */
    default Result interrupt(Caller caller, ConversationId conversationId) {
        return interrupt(caller, conversationId, Optional.empty());
    }

    /**
     * With a turn id, stops only that turn: a queued one is cancelled (its {@code final} is
     * {@code interrupted} and it never starts), a running one is interrupted, an ended one is reported as
     * such. Without, as {@link #interrupt(Caller, ConversationId)}.
     */
    Result interrupt(Caller caller, ConversationId conversationId, Optional<TurnId> turnId);

    /** What the interrupt found. */
    sealed interface Result {

        /** The turn was running and has been told to stop, or was queued and has been cancelled. */
        record Interrupted(TurnId turnId) implements Result {
        }

        /** No turn was running (or the running one was spared by the repeated-interrupt rule). */
        record Idle() implements Result {
        }

        /** The named turn had already ended, with this status. */
        record AlreadyEnded(TurnId turnId, TurnStatus status) implements Result {
        }

        /** The conversation does not exist or belongs to another tenant. */
        record NotFound() implements Result {
        }

        /** The named turn is not one of the conversation's. */
        record TurnNotFound() implements Result {
        }
    }
}
