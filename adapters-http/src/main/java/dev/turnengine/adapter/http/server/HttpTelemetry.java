package dev.turnengine.adapter.http.server;

import dev.turnengine.domain.port.EngineMetrics;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP API reports and serves for operators: where it reports streams, which OpenTelemetry traces its
 * requests, and the Prometheus text {@code GET /metrics} serves (empty: no such route).
 */
public record HttpTelemetry(EngineMetrics metrics, OpenTelemetry openTelemetry, Optional<Supplier<String>> prometheus) {

    public HttpTelemetry {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Objects.requireNonNull(prometheus, "prometheus");
    }

    /** No metrics route, nothing reported, no request spans. */
    public static HttpTelemetry none() {
        return new HttpTelemetry(EngineMetrics.none(), OpenTelemetry.noop(), Optional.empty());
    }
}
