package dev.turnengine.domain.tool;

import java.util.Objects;

/**
 * An agent's request to run a tool, as the model made it. The name may be one that was not offered (the engine
 * answers it with an {@code unknown_tool} error) and the arguments may not match the schema.
 *
 * @param callId the model's id for this call, unique within the turn; opaque
 * @param argumentsJson the arguments as the model wrote them, normally a JSON object; blank becomes {@code {}}
 */
public record ToolCall(String callId, String name, String argumentsJson) {

    /** Longest call id or name accepted; models use far shorter ones. */
    public static final int MAX_ID_LENGTH = 256;

    public ToolCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        if (callId.isBlank() || callId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a tool call id is 1-" + MAX_ID_LENGTH + " characters");
        }
        if (name.isBlank() || name.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a tool call's name is 1-" + MAX_ID_LENGTH + " characters");
        }
        if (argumentsJson.isBlank()) {
            argumentsJson = "{}";
        }
    }
}
