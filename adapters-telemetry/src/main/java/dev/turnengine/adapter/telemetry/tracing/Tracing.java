package dev.turnengine.adapter.telemetry.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import java.util.Set;

/**
 * The server's OpenTelemetry: the SDK as the standard {@code OTEL_*} variables configure it (OTLP export) when
 * they ask for export, otherwise the no-op API with W3C propagation only, so a {@code traceparent} still travels
 * from a request to its turn and the turn's model calls at next to no cost. Either way it becomes the global
 * instance, which the agent adapters use. Close it to flush and stop the exporter.
 */
public final class Tracing implements AutoCloseable {

    private static final Set<String> EXPORT_VARIABLES = Set.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_EXPORTER");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** Configured from {@code environment}; registered as the global OpenTelemetry. */
    public static Tracing fromEnvironment(Map<String, String> environment) {
        Tracing tracing = exports(environment) ? sdk() : propagationOnly();
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

    private static Tracing sdk() {
        // Metrics and logs go elsewhere (Prometheus, the log lines): only traces are exported unless asked.
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                        "otel.service.name", "turn-engine"))
                .build().getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
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
