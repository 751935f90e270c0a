package dev.turnengine.adapter.telemetry.tracing;

import dev.turnengine.domain.port.TurnTracing;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.FinalStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.report.TurnSummary;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Instant;
import java.util.Map;

/**
 * Turns as OpenTelemetry spans: {@code turn} (from acceptance to the final), a child of the request that sent
 * the message, with children {@code turn.queue} (acceptance until start) and {@code turn.run} (the agent's work,
 * current on the agent's thread so that model and tool calls become its children and carry its
 * {@code traceparent}). A turn whose trace is not sampled gets its {@code turn} span alone, which records
 * nothing; without an SDK the spans record nothing either, and still carry the request's trace onward.
 */
public final class OtelTurnTracing implements TurnTracing {

    /** Attribute names; ids are attributes, never metric labels. */
    public static final String TURN_ID = "turn.id";
    public static final String CONVERSATION_ID = "conversation.id";
    public static final String STATUS = "turn.status";
    public static final String ERROR_CODE = "turn.error_code";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public OtelTurnTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.turnengine.engine");
    }

    /** The OpenTelemetry context a stored trace context stands for (the root context for none). */
    public static Context parentOf(TraceContext trace) {
        if (trace.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), trace.fields(), MAP);
    }

    @Override
    public TurnSpan turnStarted(Turn turn) {
        Instant accepted = turn.acceptedAt();
        Span turnSpan = tracer.spanBuilder("turn").setParent(parentOf(turn.trace())).setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(accepted).startSpan();
        Context inTurn = Context.root().with(turnSpan);
        if (!turnSpan.isRecording()) {
            // Not sampled, so neither are its children: the turn's span alone carries the trace onward.
            return new OtelTurnSpan(turnSpan, turnSpan, inTurn);
        }
        String turnId = turn.id().toString();
        turnSpan.setAttribute(TURN_ID, turnId);
        turnSpan.setAttribute(CONVERSATION_ID, turn.conversationId().toString());
        Instant started = turn.startedAt().orElse(accepted);
        tracer.spanBuilder("turn.queue").setParent(inTurn).setStartTimestamp(accepted)
                .setAttribute(TURN_ID, turnId).startSpan().end(started);
        Span run = tracer.spanBuilder("turn.run").setParent(inTurn).setStartTimestamp(started)
                .setAttribute(TURN_ID, turnId).startSpan();
        return new OtelTurnSpan(turnSpan, run, inTurn.with(run));
    }

    /** The spans of one running turn ({@code run} is {@code turn} itself when the turn is not sampled). */
    private record OtelTurnSpan(Span turn, Span run, Context context) implements TurnSpan {

        @Override
        public Runnable inContext(Runnable work) {
            return context.wrap(work);
        }

        @Override
        public void ended(TurnSummary summary) {
            if (run != turn) {
                end(run, summary);
            }
            end(turn, summary);
        }

        private static void end(Span span, TurnSummary summary) {
            if (span.isRecording()) {
                span.setAttribute(STATUS, summary.status().wireName());
                summary.errorCode().ifPresent(code -> span.setAttribute(ERROR_CODE, code));
                summary.usage().ifPresent(usage -> {
                    span.setAttribute("gen_ai.usage.input_tokens", usage.inputTokens());
                    span.setAttribute("gen_ai.usage.output_tokens", usage.outputTokens());
                });
                if (summary.status() == FinalStatus.FAILED) {
                    span.setStatus(StatusCode.ERROR, summary.errorCode().orElse("failed"));
                }
            }
            span.end();
        }
    }
}
