package dev.turnengine.domain.agent;

import dev.turnengine.domain.turn.Usage;
import java.util.Objects;
import java.util.Optional;

/** How an agent's answer ended normally: the usage its model reported, if any. */
public record AgentResult(Optional<Usage> usage) {

    public AgentResult {
        Objects.requireNonNull(usage, "usage");
    }

    public static AgentResult withoutUsage() {
        return new AgentResult(Optional.empty());
    }
}
