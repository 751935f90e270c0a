package dev.turnengine.application.engine;

import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.EngineMetrics;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.Storage;
import dev.turnengine.domain.port.TurnTracing;
import java.util.List;
import java.util.Objects;

/**
 * The outgoing ports an engine runs on: one storage family (which lists the storage ports, see
 * {@link Storage}), the agents, the tools that run inside the engine (an embedder's Java tools, MCP servers'
 * tools, offered to agents in this order), and where it reports metrics and traces (nowhere by default).
 */
public record EnginePorts(
        Storage storage, AgentCatalog agents, List<ServerTools> serverTools, EngineMetrics metrics, TurnTracing tracing) {

    public EnginePorts {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(agents, "agents");
        serverTools = List.copyOf(serverTools);
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tracing, "tracing");
    }

    /** The ports of one storage family, with these agents, no server tools, reporting nothing. */
    public static EnginePorts of(Storage storage, AgentCatalog agents) {
        return new EnginePorts(storage, agents, List.of(), EngineMetrics.none(), TurnTracing.none());
    }

    /** The same ports offering these server tools. */
    public EnginePorts withServerTools(List<ServerTools> tools) {
        return new EnginePorts(storage, agents, tools, metrics, tracing);
    }

    /** These ports, reporting to {@code metrics} and {@code tracing}. */
    public EnginePorts withTelemetry(EngineMetrics metrics, TurnTracing tracing) {
        return new EnginePorts(storage, agents, serverTools, metrics, tracing);
    }
}
