package dev.turnengine.application.engine;

import dev.turnengine.application.execution.ExecutionSettings;
import dev.turnengine.application.execution.ToolSettings;
import dev.turnengine.application.port.in.SubmitLimits;
import dev.turnengine.domain.turn.NodeId;
import java.time.Duration;
import java.util.Objects;

/**
 * The engine's tunables.
 *
 * @param turnTimeout a turn still running after this long is ended as failed with code {@code timeout}
 * @param idempotencyRetention how long an idempotency key deduplicates
 * @param leaseDuration how long a running turn stays leased to its node without renewal
 * @param historyWindow how many earlier completed turns the agent is given
 * @param presenceWindow how long one browser heartbeat keeps the browser connected
 * @param nodeId this process, as owner of the turns it runs
 * @param tools how tool calls are run: approvals, timeouts, the step limit
 */
public record EngineSettings(
        Duration turnTimeout,
        Duration idempotencyRetention,
        Duration leaseDuration,
        int historyWindow,
        Duration presenceWindow,
        SubmitLimits limits,
        NodeId nodeId,
        ToolSettings tools) {

    public EngineSettings {
        Objects.requireNonNull(turnTimeout, "turnTimeout");
        Objects.requireNonNull(idempotencyRetention, "idempotencyRetention");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(presenceWindow, "presenceWindow");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(tools, "tools");
        requirePositive("turnTimeout", turnTimeout);
        requirePositive("idempotencyRetention", idempotencyRetention);
        requirePositive("leaseDuration", leaseDuration);
        requirePositive("presenceWindow", presenceWindow);
        if (historyWindow < 0) {
            throw new IllegalArgumentException("historyWindow cannot be negative");
        }
    }

    /** Settings with the default tool settings. */
    public EngineSettings(Duration turnTimeout, Duration idempotencyRetention, Duration leaseDuration,
            int historyWindow, Duration presenceWindow, SubmitLimits limits, NodeId nodeId) {
        this(turnTimeout, idempotencyRetention, leaseDuration, historyWindow, presenceWindow, limits, nodeId,
                ToolSettings.defaults());
    }

    /** Ten-minute turns, 24-hour keys, 15-second leases, 20 turns of history, 30-second presence. */
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofSeconds(15), 20,
                Duration.ofSeconds(30), SubmitLimits.defaults(), NodeId.random());
    }

    /** What the executor needs of these settings. */
    public ExecutionSettings execution() {
        return new ExecutionSettings(turnTimeout, leaseDuration, historyWindow, nodeId, tools);
    }

    public EngineSettings withTurnTimeout(Duration value) {
        return new EngineSettings(value, idempotencyRetention, leaseDuration, historyWindow, presenceWindow, limits,
                nodeId, tools);
    }

    public EngineSettings withIdempotencyRetention(Duration value) {
        return new EngineSettings(turnTimeout, value, leaseDuration, historyWindow, presenceWindow, limits, nodeId,
                tools);
    }

    public EngineSettings withLeaseDuration(Duration value) {
        return new EngineSettings(turnTimeout, idempotencyRetention, value, historyWindow, presenceWindow, limits,
                nodeId, tools);
    }

    public EngineSettings withHistoryWindow(int value) {
        return new EngineSettings(turnTimeout, idempotencyRetention, leaseDuration, value, presenceWindow, limits,
                nodeId, tools);
    }

    public EngineSettings withLimits(SubmitLimits value) {
        return new EngineSettings(turnTimeout, idempotencyRetention, leaseDuration, historyWindow, presenceWindow,
                value, nodeId, tools);
    }

    public EngineSettings withTools(ToolSettings value) {
        return new EngineSettings(turnTimeout, idempotencyRetention, leaseDuration, historyWindow, presenceWindow,
                limits, nodeId, value);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
