package dev.turnengine.application.service;

import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.TurnId;
import java.util.Optional;

/** Asks the node running a conversation's active turn to stop it. */
public final class InterruptTurnService implements InterruptTurnUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final InterruptSignals interrupts;

    public InterruptTurnService(ConversationStore conversations, TurnStore turns, InterruptSignals interrupts) {
        this.conversations = conversations;
        this.turns = turns;
        this.interrupts = interrupts;
    }

    @Override
    public Result interrupt(Caller caller, ConversationId conversationId) {
        if (conversations.find(caller.tenant(), conversationId).isEmpty()) {
            return new Result.NotFound();
        }
        Optional<TurnId> running = turns.activity(conversationId).runningTurn();
        if (running.isEmpty()) {
            return new Result.Idle();
        }
        interrupts.request(conversationId, running.get());
        return new Result.Interrupted(running.get());
    }
}
