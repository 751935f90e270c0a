package dev.turnengine.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.domain.trace.TraceContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an exporter, the trace a request arrives with is the one its turn continues, unchanged. */
class RequestTracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final RequestTracing tracing = new RequestTracing(
            OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())));

    @Test
    void givenTraceparent_whenRequestStarts_thenItsTurnCarriesTheSameTraceparent() {
        MutableHttpRequest<?> request = HttpRequest.POST("/v1/api/conversations/c/messages", "")
                .header("traceparent", TRACEPARENT);

        tracing.start(request);

        assertThat(RequestTracing.traceOf(request).fields()).isEqualTo(Map.of("traceparent", TRACEPARENT));
    }

    @Test
    void givenTraceparentAndTracestate_whenRequestStarts_thenBothAreCarried() {
        MutableHttpRequest<?> request = HttpRequest.POST("/v1/api/conversations/c/messages", "")
                .header("traceparent", TRACEPARENT).header("tracestate", "vendor=abc");

        tracing.start(request);

        assertThat(RequestTracing.traceOf(request).fields())
                .isEqualTo(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=abc"));
    }

    @Test
    void givenNoTraceparent_whenRequestStartsWithoutAnExporter_thenNoTraceIsStored() {
        MutableHttpRequest<?> request = HttpRequest.POST("/v1/api/conversations/c/messages", "");

        tracing.start(request);

        assertThat(RequestTracing.traceOf(request)).isEqualTo(TraceContext.none());
    }
}
