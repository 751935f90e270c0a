package dev.turnengine.application.execution;

import dev.turnengine.application.report.TurnEndReporter;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.port.TurnTracing;
import dev.turnengine.domain.port.TurnTracing.TurnSpan;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the executor tells the outside about a turn's life: metrics and the turn's span through the
 * {@link EngineMetrics} and {@link TurnTracing} ports, and one INFO log line per turn end (see
 * {@link TurnEndReporter}). {@link TurnRunner} reports the turns it runs, {@link TurnRecovery} those it ends
 * for a node that stopped, {@link ConversationQueues} those it cannot read.
 */
final class TurnTelemetry {

    private final EngineMetrics metrics;
    private final TurnEndReporter reporter;
    private final TurnTracing tracing;

    TurnTelemetry(EngineMetrics metrics, TurnTracing tracing) {
        this.metrics = metrics;
        this.reporter = new TurnEndReporter(metrics);
        this.tracing = tracing;
    }

    EngineMetrics metrics() {
        return metrics;
    }

    /** The turn, just started here, opens its span and counts its queue wait. */
    TurnSpan started(Turn turn) {
        turn.startedAt().ifPresent(started -> {
            Duration wait = Duration.between(turn.acceptedAt(), started);
            metrics.turnStarted(wait.isNegative() ? Duration.ZERO : wait);
        });
        try {
            return tracing.turnStarted(turn);
        } catch (RuntimeException e) {
            return TurnSpan.NONE;
        }
    }

    /** A turn this node ran got its final. */
    void ended(Turn turn, TurnFinal ending, Optional<Instant> firstDeltaAt, Instant now, TurnSpan span) {
        TurnSummary summary = TurnSummary.of(turn, ending, firstDeltaAt, now);
        report(summary);
        span.ended(summary);
    }

    /** A turn was ended without running here (its node stopped, it was cancelled while queued). */
    void endedElsewhere(Turn turn, TurnFinal ending, Instant now) {
        report(TurnSummary.of(turn, ending, Optional.empty(), now));
    }

    /** This node just cancelled a turn that was still queued, writing {@code ending}. */
    void endedWhileQueued(TurnStore turns, ConversationId conversationId, TurnId turnId, TurnFinal ending,
            Instant now) {
        reporter.endedWhileQueued(turns, conversationId, turnId, ending, now);
    }

    private void report(TurnSummary summary) {
        reporter.ended(summary);
    }
}
