package dev.turnengine.application.execution;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the engine runs tool calls.
 *
 * @param requireApproval tool names whose calls wait for a person's approval; {@code *} means every tool
 *     ({@code TURNS_TOOLS_REQUIRE_APPROVAL})
 * @param toolTimeout how long a server tool may run, and a browser may take to answer ({@code TURNS_TOOL_TIMEOUT})
 * @param approvalTimeout how long a call waits for a person before it counts as denied ({@code TURNS_APPROVAL_TIMEOUT})
 * @param maxToolSteps model calls per turn; a turn whose agent wants more tool rounds fails
 *     {@code too_many_tool_steps} ({@code TURNS_MAX_TOOL_STEPS})
 */
public record ToolSettings(List<String> requireApproval, Duration toolTimeout, Duration approvalTimeout,
        int maxToolSteps) {

    /** The name in {@link #requireApproval()} that stands for every tool. */
    public static final String ALL = "*";

    public ToolSettings {
        requireApproval = List.copyOf(requireApproval);
        Objects.requireNonNull(toolTimeout, "toolTimeout");
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
        if (toolTimeout.isNegative() || toolTimeout.isZero() || approvalTimeout.isNegative()
                || approvalTimeout.isZero()) {
            throw new IllegalArgumentException("tool and approval timeouts must be positive");
        }
        if (maxToolSteps < 1) {
            throw new IllegalArgumentException("maxToolSteps must be at least 1");
        }
    }

    /** No approvals, 60-second tools, 10-minute approvals, 25 model calls. */
    public static ToolSettings defaults() {
        return new ToolSettings(List.of(), Duration.ofSeconds(60), Duration.ofMinutes(10), 25);
    }

    /** Whether calls of {@code toolName} need approval by this configuration (an embedder may require it too). */
    public boolean requiresApproval(String toolName) {
        return requireApproval.contains(ALL) || requireApproval.contains(toolName);
    }

    public ToolSettings withRequireApproval(List<String> value) {
        return new ToolSettings(value, toolTimeout, approvalTimeout, maxToolSteps);
    }

    public ToolSettings withToolTimeout(Duration value) {
        return new ToolSettings(requireApproval, value, approvalTimeout, maxToolSteps);
    }

    public ToolSettings withApprovalTimeout(Duration value) {
        return new ToolSettings(requireApproval, toolTimeout, value, maxToolSteps);
    }

    public ToolSettings withMaxToolSteps(int value) {
        return new ToolSettings(requireApproval, toolTimeout, approvalTimeout, value);
    }
}
