package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.ToolCallEvent;
import dev.turnengine.domain.event.ToolDecisionEvent;
import dev.turnengine.domain.event.ToolResultEvent;
import dev.turnengine.domain.tool.ToolAnswer;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.tool.WaitingFor;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;
import java.util.Optional;

/**
 * The tool calls of running turns: journals their {@code tool_call}, {@code tool_decision} and {@code tool_result}
 * events (in the conversation's one sequence, each atomically with the call's record) and takes the outside answers
 * a call waits for — on whichever node they arrive — telling the node that runs the turn. Every write refuses a turn
 * that is not running ({@link IllegalStateException}), so nothing of a turn is journaled after its {@code final}.
 */
public interface ToolCallStore {

    /** Journals a {@code tool_call} and keeps its record ({@link ToolCallRecord#opened}); the call id is new in the turn. */
    JournalEvent recordCall(ConversationId conversationId, TurnId turnId, ToolCallEvent call);

    /**
     * Applies an answer posted for a call, atomically, as {@link ToolCallRecord#judge} decides. An accepted decision
     * is journaled as {@code tool_decision} in the same step; every accepted answer is then told to the
     * {@link #listen listeners} on every node. Works after the turn ended too (a repeat is still {@link
     * Answered.Repeated}).
     */
    Answered answer(ConversationId conversationId, TurnId turnId, String callId, ToolAnswer answer);

    /** A call's record; empty when the turn has no call of that id. */
    Optional<ToolCallRecord> find(ConversationId conversationId, TurnId turnId, String callId);

    /** The turn's calls that wait for an outside answer now, in the order they were called. */
    List<ToolCallRecord> waiting(ConversationId conversationId, TurnId turnId);

    /** Makes an open call wait for {@code what} (a browser result after an approval); false when it is closed. */
    boolean awaitAnswer(ConversationId conversationId, TurnId turnId, String callId, WaitingFor what);

    /**
     * Stops a call waiting because its time is up, unless an answer came first: then false, and the caller reads the
     * answer. When it stops the wait and {@code decision} is given (an approval nobody gave), that decision is
     * journaled as {@code tool_decision} in the same step.
     */
    boolean expire(ConversationId conversationId, TurnId turnId, String callId, Optional<ToolDecisionEvent> decision);

    /**
     * Journals a call's {@code tool_result} and closes its record. Empty, with nothing written, when the call already
     * has its result: a call never gets a second one.
     */
    Optional<JournalEvent> recordResult(ConversationId conversationId, TurnId turnId, ToolResultEvent result);

    /** Calls {@code listener} for every answer accepted from now on, on any node, until closed. */
    Subscription listen(AnswerListener listener);

    /** The outcome of {@link #answer}. */
    sealed interface Answered {

        /** The call took the answer. */
        record Accepted(ToolCallRecord call) implements Answered {
        }

        /** The call had already taken this very answer; nothing changed. */
        record Repeated() implements Answered {
        }

        /** The call does not take this answer now; nothing changed. */
        record NotPending(String why) implements Answered {
        }

        /** The turn has no call of that id. */
        record UnknownCall() implements Answered {
        }
    }

    /** Hears accepted answers; must return quickly. */
    @FunctionalInterface
    interface AnswerListener {

        /** An answer to this call was stored; read it with {@link #find}. */
        void answered(ConversationId conversationId, TurnId turnId, String callId);
    }
}
