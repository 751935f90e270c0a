package dev.turnengine.application.service;

import dev.turnengine.application.report.TurnEndReporter;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.lifecycle.TurnOutcome;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.InterruptSignals;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stops one turn whatever its state: a queued turn is cancelled in storage (it never starts, on any node),
 * a running one is asked to stop on the node that runs it (whose executor reports its end). Shared by
 * interrupts and {@code on_busy: interrupt}.
 */
final class TurnStopper {

    /** What stopping a turn did. */
    sealed interface Stop {

        /** The turn was queued and has ended, or was running and has been told to stop. */
        record Stopped(TurnId turnId) implements Stop {
        }

        /** The turn had already ended, with this status. */
        record AlreadyEnded(TurnId turnId, TurnStatus status) implements Stop {
        }

        /** No such turn in the conversation. */
        record Unknown() implements Stop {
        }
    }

    private final TurnStore turns;
    private final InterruptSignals interrupts;
    private final Clock clock;
    private final TurnEndReporter reporter;

    TurnStopper(TurnStore turns, InterruptSignals interrupts, Clock clock, EngineMetrics metrics) {
        this.turns = turns;
        this.interrupts = interrupts;
        this.clock = clock;
        this.reporter = new TurnEndReporter(metrics);
    }

    Stop stop(ConversationId conversationId, TurnId turnId) {
        Instant now = clock.instant();
        TurnFinal ending = TurnOutcome.cancelledWhileQueued();
        if (turns.cancelQueued(conversationId, turnId, ending, now).isPresent()) {
            reporter.endedWhileQueued(turns, conversationId, turnId, ending, now);
            return new Stop.Stopped(turnId);
        }
        Optional<Turn> turn = turns.find(conversationId, turnId);
        if (turn.isEmpty()) {
            return new Stop.Unknown();
        }
        if (turn.get().isTerminal()) {
            return new Stop.AlreadyEnded(turnId, turn.get().status());
        }
        // Running now (it was not queued a moment ago, or it started in between): its node stops it.
        interrupts.request(conversationId, turnId);
        return new Stop.Stopped(turnId);
    }

    /**
     * Makes {@code next} the conversation's next turn: cancels every turn queued before it and interrupts the
     * running one. Turns queued after it are left alone.
     */
    void clearWayFor(ConversationId conversationId, TurnId next) {
        List<TurnId> queued = turns.queued(conversationId);
        int position = queued.indexOf(next);
        if (position > 0) {
            queued.subList(0, position).forEach(earlier -> stop(conversationId, earlier));
        }
        turns.activity(conversationId).runningTurn()
                .filter(running -> !running.equals(next))
                .ifPresent(running -> interrupts.request(conversationId, running));
    }
}
