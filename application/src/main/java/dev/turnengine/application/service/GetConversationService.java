package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ConversationView;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.ToolCallStore;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.ConversationActivity;
import java.util.List;
import java.util.Optional;

/** Reads a conversation together with its current activity. */
public final class GetConversationService implements GetConversationUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final ToolCallStore toolCalls;

    public GetConversationService(ConversationStore conversations, TurnStore turns, ToolCallStore toolCalls) {
        this.conversations = conversations;
        this.turns = turns;
        this.toolCalls = toolCalls;
    }

    @Override
    public Optional<ConversationView> get(Caller caller, ConversationId conversationId) {
        return conversations.find(caller.tenant(), conversationId).map(conversation -> {
            ConversationActivity activity = turns.activity(conversationId);
            return new ConversationView(conversation, activity, activity.runningTurn()
                    .map(turnId -> toolCalls.waiting(conversationId, turnId)).orElse(List.of()));
        });
    }
}
