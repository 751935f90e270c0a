package dev.turnengine.application.engine;

import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.turn.TurnId;
import java.util.Optional;

/** Counts interrupt requests that reached a running turn, around the interrupt use case. */
final class MeteredInterrupt implements InterruptTurnUseCase {

    private final InterruptTurnUseCase interrupt;
    private final EngineMetrics metrics;

    MeteredInterrupt(InterruptTurnUseCase interrupt, EngineMetrics metrics) {
        this.interrupt = interrupt;
        this.metrics = metrics;
    }

    @Override
    public Result interrupt(Caller caller, ConversationId conversationId, Optional<TurnId> turnId) {
        Result result = interrupt.interrupt(caller, conversationId, turnId);
        if (result instanceof Result.Interrupted) {
            metrics.interruptRequested();
        }
        return result;
    }
}
