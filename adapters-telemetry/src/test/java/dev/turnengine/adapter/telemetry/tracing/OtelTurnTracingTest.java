package dev.turnengine.adapter.telemetry.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.port.TurnTracing.TurnSpan;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtelTurnTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Instant ACCEPTED = Instant.parse("2026-12-03T10:00:00Z");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    // Samples what its parent sampled, and nothing without a parent: the production sampler at a ratio of 0.
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOff()))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    private final OtelTurnTracing tracing = new OtelTurnTracing(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void givenSampledRequest_whenTurnRunsAndEnds_thenTurnQueueAndRunSpansWithIdsAndStatus() {
        Turn turn = turn("01");

        SpanContext current = runInside(tracing.turnStarted(turn), turn);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("turn.queue", "turn.run", "turn");
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getAttributes().asMap().toString()).contains("turn.id=" + turn.id());
        });
        SpanData run = spans.stream().filter(span -> span.getName().equals("turn.run")).findFirst().orElseThrow();
        assertThat(run.getAttributes().asMap().toString()).contains("turn.status=completed");
        assertThat(current.getSpanId()).as("the agent runs inside the run span").isEqualTo(run.getSpanId());
    }

    @Test
    void givenUnsampledRequest_whenTurnRuns_thenNothingRecordedButTheTraceCarriedOn() {
        Turn turn = turn("00");

        SpanContext current = runInside(tracing.turnStarted(turn), turn);

        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        assertThat(current.getTraceId()).as("model calls still send this trace's traceparent").isEqualTo(TRACE_ID);
        assertThat(current.isSampled()).isFalse();
    }

    private static Turn turn(String flags) {
        TraceContext trace = TraceContext.ofHeaders(Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-"
                + flags));
        return Turn.accepted(TurnId.random(), ConversationId.random(), UserMessage.text("hi"), "web", 1, ACCEPTED,
                trace).start(ACCEPTED.plusMillis(5));
    }

    /** Runs an agent's work inside the span and ends it; returns the span context current during the work. */
    private static SpanContext runInside(TurnSpan span, Turn turn) {
        AtomicReference<SpanContext> current = new AtomicReference<>();
        span.inContext(() -> current.set(Span.current().getSpanContext())).run();
        span.ended(TurnSummary.of(turn, TurnFinal.completed("hello", Optional.empty()), Optional.empty(),
                ACCEPTED.plusMillis(50)));
        return current.get();
    }
}
