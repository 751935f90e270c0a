package dev.turnengine.domain.event;

import dev.turnengine.domain.tool.ToolResult;
import java.util.Objects;

/** The result of a tool call, or why there is none ({@code tool_result}, an error result). */
public record ToolResultEvent(ToolResult result) implements ToolEvent {

    public ToolResultEvent {
        Objects.requireNonNull(result, "result");
    }

    @Override
    public String callId() {
        return result.callId();
    }
}
