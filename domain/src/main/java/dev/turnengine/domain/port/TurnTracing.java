package dev.turnengine.domain.port;

import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.report.TurnSummary;

/**
 * Traces turns: the tracing adapter opens a span when a turn starts running, as a child of the request that
 * sent it (the turn's {@link dev.turnengine.domain.trace.TraceContext}), and the agent's work runs inside it so
 * the agent's model and tool calls, and the {@code traceparent} they send, join the same trace. Does nothing by
 * default; implementations return at once and never throw.
 */
public interface TurnTracing {

    /** Opens the span of {@code turn}, which starts running on this node now (its queue wait included). */
    TurnSpan turnStarted(Turn turn);

    /** Traces nothing. */
    static TurnTracing none() {
        return turn -> TurnSpan.NONE;
    }

    /** The span of one running turn. */
    interface TurnSpan {

        /** A span that records nothing. */
        TurnSpan NONE = new TurnSpan() {
        };

        /** {@code work} (the agent's run), wrapped so that it runs with this turn's trace as the current one. */
        default Runnable inContext(Runnable work) {
            return work;
        }

        /** Closes the span with the turn's ending. */
        default void ended(TurnSummary summary) {
        }
    }
}
