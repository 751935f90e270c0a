package dev.turnengine.application.engine;

import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.port.Storage;
import java.util.List;
import java.util.Objects;

/**
 * The outgoing ports an engine runs on: one storage family (which lists the storage ports, see
 * {@link Storage}), the agents, and the tools that run inside the engine (an embedder's Java tools, MCP servers'
 * tools), offered to agents in this order.
 */
public record EnginePorts(Storage storage, AgentCatalog agents, List<ServerTools> serverTools) {

    public EnginePorts {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(agents, "agents");
        serverTools = List.copyOf(serverTools);
    }

    /** The ports of one storage family, with these agents and no server tools. */
    public static EnginePorts of(Storage storage, AgentCatalog agents) {
        return new EnginePorts(storage, agents, List.of());
    }

    /** The same ports offering these server tools. */
    public EnginePorts withServerTools(List<ServerTools> tools) {
        return new EnginePorts(storage, agents, tools);
    }
}
