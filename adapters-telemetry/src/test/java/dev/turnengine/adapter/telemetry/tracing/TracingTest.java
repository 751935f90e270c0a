package dev.turnengine.adapter.telemetry.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code OTEL_*} variables of the server's environment configure export and sampling. */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void givenOnlyAnEndpoint_whenASpanEnds_thenItIsSentOverOtlpHttpProtobuf() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()))) {
            assertThat(tracing.isExporting()).isTrue();
            tracing.openTelemetry().getTracer("test").spanBuilder("work").startSpan().end();
        }

        assertThat(received).containsExactly("POST /v1/traces application/x-protobuf");
    }

    @Test
    void givenRatioSamplerAtZero_whenSpansStart_thenOnlyThoseOfASampledParentRecord() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0"))) {
            Tracer tracer = tracing.openTelemetry().getTracer("test");
            Span root = tracer.spanBuilder("root").startSpan();
            Context sampledParent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID,
                    "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())));
            Span child = tracer.spanBuilder("child").setParent(sampledParent).startSpan();

            assertThat(root.isRecording()).isFalse();
            assertThat(root.getSpanContext().isValid()).as("still a trace to carry onward").isTrue();
            assertThat(child.isRecording()).isTrue();
            root.end();
            child.end();
        }
        assertThat(received).hasSize(1);
    }

    @Test
    void givenGrpcProtocol_whenConfigured_thenRefusedNamingTheVariableAndTheWayOut() {
        assertThatThrownBy(() -> Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc").hasMessageContaining("4318");
    }

    @Test
    void givenNoExportVariables_whenConfigured_thenNoSdkAndNothingSent() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_TRACES_SAMPLER", "always_on"))) {
            assertThat(tracing.isExporting()).isFalse();
            tracing.openTelemetry().getTracer("test").spanBuilder("work").startSpan().end();
        }
        assertThat(received).isEmpty();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + collector.getAddress().getPort();
    }
}
