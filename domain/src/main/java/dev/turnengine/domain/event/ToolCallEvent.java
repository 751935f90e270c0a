package dev.turnengine.domain.event;

import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolExecutor;
import java.util.Objects;

/** The agent called a tool ({@code tool_call}); exactly one {@link ToolResultEvent} answers it before the final. */
public record ToolCallEvent(ToolCall call, ToolExecutor executor, boolean requiresApproval) implements ToolEvent {

    public ToolCallEvent {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(executor, "executor");
    }

    @Override
    public String callId() {
        return call.callId();
    }
}
