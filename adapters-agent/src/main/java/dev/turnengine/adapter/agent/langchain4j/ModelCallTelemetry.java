package dev.turnengine.adapter.agent.langchain4j;

import dev.turnengine.adapter.agent.tracing.AgentTracing;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Optional;

/**
 * Reports each model call of a {@link LangChain4jAgentRunner}: a {@code chat <provider>} span, current while the
 * call runs so the provider's HTTP request carries its {@code traceparent}, and a model-call metric by provider
 * and outcome with its tokens.
 */
final class ModelCallTelemetry {

    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    private final String provider;
    private final EngineMetrics metrics;

    ModelCallTelemetry(String provider, EngineMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    /** Opens the call's span and makes it current on this thread until {@link Call#end}. */
    Call start(TurnId turnId) {
        Span span = AgentTracing.startClientSpan("chat " + provider);
        span.setAttribute("gen_ai.system", provider);
        span.setAttribute("turn.id", turnId.toString());
        return new Call(span, span.makeCurrent(), System.nanoTime());
    }

    /** One model call in flight. */
    final class Call {

        private final Span span;
        private final Scope scope;
        private final long startNanos;

        private Call(Span span, Scope scope, long startNanos) {
            this.span = span;
            this.scope = scope;
            this.startNanos = startNanos;
        }

        /** Closes the span and reports the call; call on the thread that started it. */
        void end(String outcome, Optional<Usage> usage) {
            scope.close();
            span.setAttribute("turn.model_call.outcome", outcome);
            usage.ifPresent(used -> {
                span.setAttribute("gen_ai.usage.input_tokens", used.inputTokens());
                span.setAttribute("gen_ai.usage.output_tokens", used.outputTokens());
            });
            if (FAILED.equals(outcome)) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            metrics.modelCall(provider, outcome, Duration.ofNanos(System.nanoTime() - startNanos),
                    usage.map(Usage::inputTokens).orElse(0L), usage.map(Usage::outputTokens).orElse(0L));
        }
    }
}
