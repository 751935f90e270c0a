package dev.turnengine.embedded;

import dev.turnengine.domain.tool.ToolSpec;
import java.util.Objects;
import java.util.function.Function;

/**
 * A tool an embedding service offers to its agents, written in Java: what the model reads (name, description, a JSON
 * Schema of the arguments) and a function from the arguments (a JSON object, as text) to the output text. The
 * engine journals each call, runs it within {@code TURNS_TOOL_TIMEOUT} and turns a thrown exception into a
 * {@code tool_failed} result; with {@link #requiringApproval()}, each call first waits for a person's approval.
 */
public record JavaTool(ToolSpec spec, Function<String, String> function) {

    public JavaTool {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(function, "function");
    }

    /**
     * A tool that runs without approval.
     *
     * @param parametersSchemaJson a JSON Schema of type {@code object}, e.g. {@code {"type":"object","properties":{}}}
     * @param function takes the arguments the model wrote, returns the output it reads
     */
    public static JavaTool of(String name, String description, String parametersSchemaJson,
            Function<String, String> function) {
        return new JavaTool(ToolSpec.server(name, description, parametersSchemaJson), function);
    }

    /** The same tool, with every call waiting for a person's approval first. */
    public JavaTool requiringApproval() {
        return new JavaTool(spec.withApproval(true), function);
    }
}
