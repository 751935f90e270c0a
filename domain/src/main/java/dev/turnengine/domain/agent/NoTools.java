package dev.turnengine.domain.agent;

import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;

/** The tools of a turn that has none. */
enum NoTools implements Tools {
    INSTANCE;

    @Override
    public List<ToolSpec> offered() {
        return List.of();
    }

    @Override
    public List<ToolResult> call(List<ToolCall> calls) {
        return calls.stream()
                .map(call -> ToolResult.error(call, ToolResult.UNKNOWN_TOOL, "no tool named '" + call.name()
                        + "' is offered in this turn"))
                .toList();
    }
}
