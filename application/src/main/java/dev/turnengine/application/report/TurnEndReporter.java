package dev.turnengine.application.report;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.TurnStore;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.TurnId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells operators that a turn got its {@code final}, whoever wrote it (the executor, lease recovery, an
 * interrupt of a queued turn, a conversation's deletion): through the {@link EngineMetrics} port, and as one
 * INFO line on the logger {@value #LOGGER} (ids, status, times and tokens; never the user's or the model's text).
 */
public final class TurnEndReporter {

    /** The logger of the turn-end lines, so that operators can route or silence them on their own. */
    public static final String LOGGER = "dev.turnengine.turns";
    private static final Logger LOG = System.getLogger(LOGGER);

    private final EngineMetrics metrics;

    public TurnEndReporter(EngineMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    /** A turn's final was written, on this node, just now. */
    public void ended(TurnSummary summary) {
        try {
            summary.firstDelta().ifPresent(metrics::firstDelta);
            metrics.turnEnded(summary);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics failed to take the end of turn " + summary.turnId(), e);
        }
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, line(summary));
        }
    }

    /**
     * This node just ended a turn that was still queued ({@link TurnStore#cancelQueued} wrote {@code ending}):
     * reports it with its times as {@code turns} holds them, or with zero times when it cannot be read back.
     */
    public void endedWhileQueued(TurnStore turns, ConversationId conversationId, TurnId turnId, TurnFinal ending,
            Instant now) {
        Optional<TurnSummary> summary;
        try {
            summary = turns.find(conversationId, turnId).map(turn -> TurnSummary.of(turn, ending, Optional.empty(), now));
        } catch (RuntimeException e) {
            summary = Optional.empty();
        }
        ended(summary.orElseGet(() -> TurnSummary.of(turnId, conversationId, now, Optional.empty(), ending,
                Optional.empty(), now)));
    }

    /** {@code turn ended turn_id=… conversation_id=… status=… code=… duration_ms=… …}: key=value, no free text. */
    public static String line(TurnSummary summary) {
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
