package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;
import java.util.Optional;

/** Reads turns, for clients that lost their stream. */
public interface QueryTurnsUseCase {

    /** The most turns one page holds; a larger {@code limit} is refused, never silently cut. */
    int MAX_PAGE = 1000;

    /**
     * The conversation's turns in order of acceptance, at most {@code limit} (1 to {@link #MAX_PAGE}) from
     * {@code offset} (0 or more); empty when the conversation is not the caller's.
     *
     * @throws dev.turnengine.domain.InvalidInputException when offset or limit is out of range
     */
    Optional<List<Turn>> list(Caller caller, ConversationId conversationId, int offset, int limit);

    /** One turn; empty when it or its conversation is not the caller's. */
    Optional<Turn> get(Caller caller, ConversationId conversationId, TurnId turnId);

    /**
     * The tool calls of a turn that wait for an outside answer now (a person's approval, a browser's result), in
     * the order they were made; empty when none waits, or the turn is not the caller's.
     */
    List<ToolCallRecord> waitingCalls(Caller caller, ConversationId conversationId, TurnId turnId);
}
