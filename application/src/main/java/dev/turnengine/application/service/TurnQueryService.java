package dev.turnengine.application.service;

import dev.turnengine.application.port.in.QueryTurnsUseCase;
import dev.turnengine.domain.InvalidInputException;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.tool.ToolCallRecord;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.util.List;
import java.util.Optional;

/** Reads the turns of the caller's conversations. */
public final class TurnQueryService implements QueryTurnsUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final ToolCallStore toolCalls;

    public TurnQueryService(ConversationStore conversations, TurnStore turns, ToolCallStore toolCalls) {
        this.conversations = conversations;
        this.turns = turns;
        this.toolCalls = toolCalls;
    }

    @Override
    public Optional<List<Turn>> list(Caller caller, ConversationId conversationId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("offset must be 0 or more and limit 1 to " + MAX_PAGE);
        }
        return conversations.find(caller.tenant(), conversationId)
                .map(conversation -> turns.list(conversationId, offset, limit));
    }

    @Override
    public Optional<Turn> get(Caller caller, ConversationId conversationId, TurnId turnId) {
        return conversations.find(caller.tenant(), conversationId)
                .flatMap(conversation -> turns.find(conversationId, turnId));
    }

    @Override
    public List<ToolCallRecord> waitingCalls(Caller caller, ConversationId conversationId, TurnId turnId) {
        if (conversations.find(caller.tenant(), conversationId).isEmpty()) {
            return List.of();
        }
        return toolCalls.waiting(conversationId, turnId);
    }
}
