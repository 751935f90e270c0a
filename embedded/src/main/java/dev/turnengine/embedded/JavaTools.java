package dev.turnengine.embedded;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Java tools an embedding service registered, as the engine's server tools. */
final class JavaTools implements ServerTools {

    private final Map<String, JavaTool> byName = new LinkedHashMap<>();

    JavaTools(List<JavaTool> tools) {
        for (JavaTool tool : tools) {
            if (byName.putIfAbsent(tool.spec().name(), tool) != null) {
                throw new IllegalArgumentException("two Java tools are named '" + tool.spec().name() + "'");
            }
        }
    }

    @Override
    public List<ToolSpec> offered() {
        return byName.values().stream().map(JavaTool::spec).toList();
    }

    /** Runs the tool's function; what it throws is left to the engine, which answers {@code tool_failed}. */
    @Override
    public ToolResult run(ToolCall call) {
        JavaTool tool = byName.get(call.name());
        if (tool == null) {
            return ToolResult.error(call, ToolResult.UNKNOWN_TOOL, "no Java tool named '" + call.name() + "'");
        }
        String output = tool.function().apply(call.argumentsJson());
        return ToolResult.text(call, output == null ? "" : output);
    }
}
