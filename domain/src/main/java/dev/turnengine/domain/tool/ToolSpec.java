package dev.turnengine.domain.tool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool offered to an agent: what the model reads to decide whether and how to call it, and how the engine
 * runs it.
 *
 * @param name unique among the tools offered in one turn; letters, digits, {@code _ - .}, at most 128 characters
 * @param description what the tool does, for the model
 * @param parametersSchemaJson a JSON Schema of type {@code object} describing the arguments, as JSON text
 * @param requiresApproval whether a person must approve each call before it runs
 */
public record ToolSpec(
        String name, String description, String parametersSchemaJson, ToolExecutor executor, boolean requiresApproval) {

    /** The schema of a tool that takes no arguments. */
    public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchemaJson, "parametersSchemaJson");
        Objects.requireNonNull(executor, "executor");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a tool name is 1-128 letters, digits, '_', '-' or '.', not '" + name + "'");
        }
        String schema = parametersSchemaJson.strip();
        if (!schema.startsWith("{") || !schema.endsWith("}")) {
            throw new IllegalArgumentException("the parameters of tool '" + name + "' must be a JSON Schema object");
        }
        parametersSchemaJson = schema;
    }

    /** A server tool that runs without approval. */
    public static ToolSpec server(String name, String description, String parametersSchemaJson) {
        return new ToolSpec(name, description, parametersSchemaJson, ToolExecutor.SERVER, false);
    }

    /** The same tool under another name, e.g. to tell apart two servers' tools of the same name. */
    public ToolSpec renamed(String newName) {
        return new ToolSpec(newName, description, parametersSchemaJson, executor, requiresApproval);
    }

    /** The same tool, needing a person's approval for each call or not. */
    public ToolSpec withApproval(boolean required) {
        return new ToolSpec(name, description, parametersSchemaJson, executor, required);
    }
}
