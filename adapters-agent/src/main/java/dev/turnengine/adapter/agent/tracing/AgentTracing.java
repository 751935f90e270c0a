package dev.turnengine.adapter.agent.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The agents' side of tracing: spans for model and tool calls, children of whatever span is current on the
 * turn's thread (the engine makes the turn's run span current there), and the W3C {@code traceparent} headers
 * their outgoing HTTP requests carry. Uses the global OpenTelemetry, which the server sets; without one the
 * spans record nothing, and the headers still carry the turn's trace onward.
 */
public final class AgentTracing {

    private static final String SCOPE = "dev.turnengine.agent";

    private AgentTracing() {
    }

    /** A client span named {@code name}, started now as a child of the current span. */
    public static Span startClientSpan(String name) {
        return GlobalOpenTelemetry.getTracer(SCOPE).spanBuilder(name).setSpanKind(SpanKind.CLIENT).startSpan();
    }

    /** The {@code traceparent} (and {@code tracestate}) of the current span; empty outside any trace. */
    public static Map<String, String> currentHeaders() {
        Map<String, String> headers = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers;
    }
}
