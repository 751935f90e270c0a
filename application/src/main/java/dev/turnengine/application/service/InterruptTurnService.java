package dev.turnengine.application.service;

import dev.turnengine.application.port.in.InterruptTurnUseCase;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.lifecycle.RepeatedInterrupt;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Stops a conversation's running turn, or one named turn, on whichever node holds it. */
public final class InterruptTurnService implements InterruptTurnUseCase {

    private final ConversationStore conversations;
    private final TurnStore turns;
    private final TurnStopper stopper;

    public InterruptTurnService(
            ConversationStore conversations, TurnStore turns, InterruptSignals interrupts, Clock clock,
            EngineMetrics metrics) {
        this.conversations = conversations;
        this.turns = turns;
        this.stopper = new TurnStopper(turns, interrupts, clock, metrics);
    }

    @Override
    public Result interrupt(Caller caller, ConversationId conversationId, Optional<TurnId> turnId) {
        if (conversations.find(caller.tenant(), conversationId).isEmpty()) {
            return new Result.NotFound();
        }
        if (turnId.isPresent()) {
            return switch (stopper.stop(conversationId, turnId.get())) {
                case TurnStopper.Stop.Stopped stopped -> new Result.Interrupted(stopped.turnId());
                case TurnStopper.Stop.AlreadyEnded ended -> new Result.AlreadyEnded(ended.turnId(), ended.status());
                case TurnStopper.Stop.Unknown unknown -> new Result.TurnNotFound();
            };
        }
        Optional<TurnId> running = turns.activity(conversationId).runningTurn();
        if (running.isEmpty()) {
            return new Result.Idle();
        }
        Optional<Instant> startedAt = turns.find(conversationId, running.get()).flatMap(Turn::startedAt);
        if (startedAt.isPresent() && RepeatedInterrupt.spares(startedAt.get(), turns.lastInterruptedAt(conversationId))) {
            return new Result.Idle();
        }
        return switch (stopper.stop(conversationId, running.get())) {
            case TurnStopper.Stop.Stopped stopped -> new Result.Interrupted(stopped.turnId());
            case TurnStopper.Stop.AlreadyEnded ended -> new Result.Idle();
            case TurnStopper.Stop.Unknown unknown -> new Result.Idle();
        };
    }
}
