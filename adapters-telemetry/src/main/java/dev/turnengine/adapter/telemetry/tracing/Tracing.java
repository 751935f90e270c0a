package dev.turnengine.adapter.telemetry.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server's OpenTelemetry: the SDK as the standard {@code OTEL_*} variables of the server's environment
 * configure it (OTLP/HTTP export, sampler, batching) when they ask for export, otherwise the no-op API with W3C
 * propagation only, so a {@code traceparent} still travels from a request to its turn and the turn's model calls
 * at next to no cost. Either way it becomes the global
 * instance, which the agent adapters use. Close it to flush and stop the exporter.
 */
public final class Tracing implements AutoCloseable {

    private static final Set<String> EXPORT_VARIABLES = Set.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_EXPORTER");
    private static final List<String> PROTOCOL_VARIABLES = List.of("OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /**
     * Configured from the {@code OTEL_*} variables of {@code environment}; registered as the global OpenTelemetry.
     *
     * @throws IllegalArgumentException when the variables ask for what this build cannot do (OTLP over gRPC)
     */
    public static Tracing fromEnvironment(Map<String, String> environment) {
        Tracing tracing = exports(environment) ? sdk(environment) : propagationOnly();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(tracing.openTelemetry);
        return tracing;
    }

    /**
     * Tracing with an OpenTelemetry the caller built (tests: an SDK with an in-memory exporter); registered as
     * the global instance. Closing this does not close {@code openTelemetry}.
     */
    public static Tracing using(OpenTelemetry openTelemetry) {
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(openTelemetry);
        return new Tracing(openTelemetry, null);
    }

    /** Whether the variables ask for spans to be exported ({@code OTEL_TRACES_EXPORTER=none} says no). */
    static boolean exports(Map<String, String> environment) {
        if ("none".equalsIgnoreCase(environment.getOrDefault("OTEL_TRACES_EXPORTER", "").trim())
                || "true".equalsIgnoreCase(environment.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
            return false;
        }
        return EXPORT_VARIABLES.stream().anyMatch(name -> !environment.getOrDefault(name, "").isBlank());
    }

    private static Tracing sdk(Map<String, String> environment) {
        for (String protocol : PROTOCOL_VARIABLES) {
            if ("grpc".equalsIgnoreCase(environment.getOrDefault(protocol, "").trim())) {
                throw new IllegalArgumentException(protocol + "=grpc is not supported: traces are sent over OTLP/HTTP "
                        + "(http/protobuf); point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's OTLP/HTTP port (4318)");
            }
        }
        // Metrics and logs go elsewhere (Prometheus, the log lines): only traces are exported unless asked. The SDK's
        // own default protocol is gRPC, which this build does not carry: OTLP/HTTP unless the variables say so.
        Map<String, String> defaults = Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                "otel.service.name", "turn-engine", "otel.exporter.otlp.protocol", "http/protobuf");
        // Closed by its owner (the server's stop flushes it): the SDK's own shutdown hook would close it a second time.
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .addPropertiesSupplier(() -> defaults)
                .addPropertiesCustomizer(config -> properties(environment))
                .build().getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
    }

    /**
     * The {@code OTEL_*} variables under the SDK's property names ({@code OTEL_BSP_SCHEDULE_DELAY}:
     * {@code otel.bsp.schedule.delay}); a {@code -Dotel.…} system property still wins, as in the SDK.
     */
    static Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>();
        environment.forEach((name, value) -> {
            String property = name.toLowerCase(Locale.ROOT).replace('_', '.');
            if (name.startsWith("OTEL_") && System.getProperty(property) == null) {
                properties.put(property, value);
            }
        });
        return properties;
    }

    private static Tracing propagationOnly() {
        return new Tracing(OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
                null);
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are exported. */
    public boolean isExporting() {
        return sdk != null;
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
    }
}
