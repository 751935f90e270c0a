package dev.turnengine.application.execution;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.BrowserTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;

/**
 * The {@code computer_*} tools as one more source of a {@code browser_session} turn's tool index. Their executor is
 * the browser, so the engine waits for the browser's answer instead of calling {@link #run}; the engine never acts
 * on their arguments (a {@code computer_navigate} URL is not fetched here).
 */
enum BrowserToolSource implements ServerTools {
    INSTANCE;

    @Override
    public List<ToolSpec> offered() {
        return BrowserTools.specs();
    }

    @Override
    public ToolResult run(ToolCall call) {
        return ToolResult.error(call, ToolResult.TOOL_FAILED, "'" + call.name() + "' runs in the caller's browser");
    }
}
