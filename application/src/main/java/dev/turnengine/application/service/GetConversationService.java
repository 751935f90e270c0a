package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ConversationView;
import dev.turnengine.application.port.in.GetConversationUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.TurnStore;
import java.util.Optional;

/** Reads a conversation together with its current activity. */
public final class GetConversationService implements GetConversationUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;

    public GetConversationService(ConversationStore conversations, TurnStore turns) {
        this.conversations = conversations;
        this.turns = turns;
    }

    @Override
    public Optional<ConversationView> get(Caller caller, ConversationId conversationId) {
        return conversations.find(caller.tenant(), conversationId)
                .map(conversation -> new ConversationView(conversation, turns.activity(conversationId)));
    }
}
