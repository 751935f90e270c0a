package dev.turnengine.bootstrap;

import dev.turnengine.adapter.http.server.HttpTelemetry;
import dev.turnengine.adapter.persistence.postgres.PostgresStorage;
import dev.turnengine.adapter.telemetry.metrics.PrometheusMetrics;
import dev.turnengine.adapter.telemetry.tracing.OtelTurnTracing;
import dev.turnengine.adapter.telemetry.tracing.Tracing;
import dev.turnengine.bootstrap.config.OperationsConfig;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.embedded.wiring.EngineConfig;
import java.util.Optional;

/**
 * The server's metrics (a Prometheus registry, unless {@code TURNS_METRICS=off}) and tracing, wired into the
 * engine, the storage's pool and journal, and the HTTP API.
 */
final class Telemetry implements AutoCloseable {

    private final Optional<PrometheusMetrics> prometheus;
    private final Tracing tracing;

    private Telemetry(Optional<PrometheusMetrics> prometheus, Tracing tracing) {
        this.prometheus = prometheus;
        this.tracing = tracing;
    }

    static Telemetry open(OperationsConfig config, Tracing tracing) {
        return new Telemetry(config.metrics() ? Optional.of(new PrometheusMetrics()) : Optional.empty(), tracing);
    }

    EngineMetrics metrics() {
        return prometheus.map(PrometheusMetrics::engineMetrics).orElse(EngineMetrics.none());
    }

    /** The engine's configuration, reporting here. */
    EngineConfig configure(EngineConfig engine) {
        return engine.withTelemetry(metrics(), new OtelTurnTracing(tracing.openTelemetry()));
    }

    /** PostgreSQL reports its journal batches and its pool's meters. */
    void bindStorage(Storage storage) {
        if (storage instanceof PostgresStorage postgres) {
            postgres.reportTo(metrics(), prometheus.map(PrometheusMetrics::registry));
        }
    }

    HttpTelemetry http() {
        return new HttpTelemetry(metrics(), tracing.openTelemetry(),
                prometheus.map(metrics -> metrics::scrape));
    }

    @Override
    public void close() {
        try {
            prometheus.ifPresent(PrometheusMetrics::close);
        } finally {
            tracing.close();
        }
    }
}
