package dev.turnengine.application.execution;

import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnTracing;
import dev.turnengine.domain.port.TurnTracing.TurnSpan;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.report.TurnSummary;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the executor tells the outside about a turn's life: metrics and the turn's span through the
 * {@link EngineMetrics} and {@link TurnTracing} ports, and one INFO log line per turn end (ids, status,
 * times and tokens; never the user's or the model's text). {@link TurnRunner} reports the turns it runs,
 * {@link TurnRecovery} those it ends for a node that stopped.
 */
final class TurnTelemetry {

    /** The logger of the turn-end lines, so that operators can route or silence them on their own. */
    static final String END_LOGGER = "dev.turnengine.turns";
    private static final Logger LOG = System.getLogger(END_LOGGER);

    private final EngineMetrics metrics;
    private final TurnTracing tracing;

    TurnTelemetry(EngineMetrics metrics, TurnTracing tracing) {
        this.metrics = metrics;
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

    private void report(TurnSummary summary) {
        summary.firstDelta().ifPresent(metrics::firstDelta);
        metrics.turnEnded(summary);
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, line(summary));
        }
    }

    /** {@code turn ended turn_id=… conversation_id=… status=… code=… duration_ms=… …}: key=value, no free text. */
    static String line(TurnSummary summary) {
        StringBuilder line = new StringBuilder(200).append("turn ended turn_id=").append(summary.turnId())
                .append(" conversation_id=").append(summary.conversationId())
                .append(" status=").append(summary.status().wireName());
        summary.errorCode().ifPresent(code -> line.append(" code=").append(code));
        line.append(" queue_wait_ms=").append(summary.queueWait().toMillis())
                .append(" duration_ms=").append(summary.duration().toMillis());
        summary.firstDelta().ifPresent(first -> line.append(" first_delta_ms=").append(first.toMillis()));
        summary.usage().ifPresent(usage -> line.append(" input_tokens=").append(usage.inputTokens())
                .append(" output_tokens=").append(usage.outputTokens()));
        return line.toString();
    }
}
