package dev.turnengine.application.engine;

import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.Storage;
import java.util.Objects;

/**
 * The outgoing ports an engine runs on: one storage family (which lists the storage ports, see
 * {@link Storage}) and the agents.
 */
public record EnginePorts(Storage storage, AgentCatalog agents) {

    public EnginePorts {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(agents, "agents");
    }

    /** The ports of one storage family, with these agents. */
    public static EnginePorts of(Storage storage, AgentCatalog agents) {
        return new EnginePorts(storage, agents);
    }
}
