package dev.turnengine.domain.port;

import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;

/**
 * Tools that run inside the engine (an embedder's Java tools, an MCP server's tools), which the engine offers to
 * agents next to the browser's and runs when a model calls them.
 */
public interface ServerTools {

    /** The tools offered, with names unique within this source; the list does not change while the engine runs. */
    List<ToolSpec> offered();

    /**
     * Runs one call of a tool that {@link #offered()} lists and returns its result. Never throws for the tool's own
     * failure: that, an unreachable server or a timeout comes back as an error result ({@code tool_failed: …},
     * {@code tool_timeout: …}); a name not offered here gets {@code unknown_tool: …}. Blocks until the tool
     * answers or its timeout passes; safe to call from several threads at once.
     */
    ToolResult run(ToolCall call);
}
