package dev.turnengine.adapter.http;

import dev.turnengine.domain.port.ServerTools;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.List;

/** Server tools for API tests: {@code echo} answers its arguments, {@code boom} throws, {@code slow} never ends. */
final class TestServerTools implements ServerTools {

    private static final String TEXT = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}";

    @Override
    public List<ToolSpec> offered() {
        return List.of(
                ToolSpec.server("echo", "Answers with its arguments.", TEXT),
                ToolSpec.server("boom", "Always fails.", ToolSpec.NO_PARAMETERS),
                ToolSpec.server("slow", "Never finishes.", ToolSpec.NO_PARAMETERS));
    }

    @Override
    public ToolResult run(ToolCall call) {
        return switch (call.name()) {
            case "echo" -> ToolResult.text(call, "you sent " + call.argumentsJson());
            case "boom" -> throw new IllegalStateException("the disk is full");
            case "slow" -> {
                try {
                    Thread.sleep(3_600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield ToolResult.text(call, "woke up");
            }
            default -> ToolResult.error(call, ToolResult.UNKNOWN_TOOL, call.name());
        };
    }
}
