package dev.turnengine.application.engine;

import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.TurnTracing;
import java.util.Objects;

/**
 * The outgoing ports an engine runs on: one storage family (which lists the storage ports, see
 * {@link Storage}), the agents, and where it reports metrics and traces (nowhere by default).
 */
public record EnginePorts(Storage storage, AgentCatalog agents, EngineMetrics metrics, TurnTracing tracing) {

    public EnginePorts {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tracing, "tracing");
    }

    /** The ports of one storage family, with these agents, reporting nothing. */
    public static EnginePorts of(Storage storage, AgentCatalog agents) {
        return new EnginePorts(storage, agents, EngineMetrics.none(), TurnTracing.none());
    }

    /** These ports, reporting to {@code metrics} and {@code tracing}. */
    public EnginePorts withTelemetry(EngineMetrics metrics, TurnTracing tracing) {
        return new EnginePorts(storage, agents, metrics, tracing);
    }
}
