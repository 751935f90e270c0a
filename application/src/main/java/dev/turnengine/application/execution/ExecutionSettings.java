package dev.turnengine.application.execution;

import dev.turnengine.domain.turn.NodeId;
import java.time.Duration;
import java.util.Objects;

/**
 * What the executor needs of the engine's settings.
 *
 * @param turnTimeout how long a turn's agent may work, not counting time spent waiting for an outside answer
 * @param leaseDuration how long a running turn stays leased to its node without renewal
 * @param historyWindow how many earlier completed turns the agent is given
 * @param nodeId this process, as owner of the turns it runs
 * @param tools how tool calls are run
 */
public record ExecutionSettings(Duration turnTimeout, Duration leaseDuration, int historyWindow, NodeId nodeId,
        ToolSettings tools) {

    public ExecutionSettings {
        Objects.requireNonNull(turnTimeout, "turnTimeout");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(tools, "tools");
    }

    /** Settings with the default tool settings. */
    public ExecutionSettings(Duration turnTimeout, Duration leaseDuration, int historyWindow, NodeId nodeId) {
        this(turnTimeout, leaseDuration, historyWindow, nodeId, ToolSettings.defaults());
    }
}
