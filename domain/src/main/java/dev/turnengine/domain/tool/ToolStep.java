package dev.turnengine.domain.tool;

import java.util.Objects;

/** One tool call of an earlier turn with its result, as history for the agent. */
public record ToolStep(ToolCall call, ToolResult result) {

    public ToolStep {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(result, "result");
        if (!result.answers(call)) {
            throw new IllegalArgumentException("the result of call " + result.callId() + " does not answer call "
                    + call.callId());
        }
    }
}
