package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.tool.ToolAnswer;
import dev.turnengine.domain.turn.TurnId;
import java.util.Objects;

/** Answers a tool call that waits for the outside: a person's approve or deny, or a browser's result. */
public interface AnswerToolCallUseCase {

    /**
     * Gives the call its answer; it may arrive on any node. The same answer again is harmless, even after the turn
     * ended; a different one, or one the call does not wait for, changes nothing.
     */
    Result answer(Command command);

    /** The answer to call {@code callId} (an opaque id, as the model named it) of a turn. */
    record Command(Caller caller, ConversationId conversationId, TurnId turnId, String callId, ToolAnswer answer) {

        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** What became of the answer. */
    sealed interface Result {

        /** The call took it; the turn goes on. */
        record Accepted() implements Result {
        }

        /** The call had taken this very answer before. */
        record Repeated() implements Result {
        }

        /** The call does not take it: answered differently, timed out, not waiting for it, or its turn ended. */
        record NotPending(String why) implements Result {
        }

        /** No such conversation, turn or call for the caller, or the answer itself is out of bounds. */
        record Refused(Refusal refusal) implements Result {
        }
    }
}
