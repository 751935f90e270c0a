package dev.turnengine.domain.tool;

import java.util.Objects;

/**
 * The outcome of one tool call, given back to the agent. An error result's text starts with its code and a colon
 * ({@code tool_failed: …}), so the model and a person both see why.
 *
 * @param callId the id of the call this answers
 * @param name the called tool's name, as the call named it
 */
public record ToolResult(String callId, String name, ToolOutput output, boolean isError) {

    /** The tool took too long. */
    public static final String TOOL_TIMEOUT = "tool_timeout";
    /** The browser that was to run the tool went away. */
    public static final String BROWSER_DISCONNECTED = "browser_disconnected";
    /** A person refused the call. */
    public static final String DENIED = "denied";
    /** The tool ran and failed, or could not be reached. */
    public static final String TOOL_FAILED = "tool_failed";
    /** No tool of that name was offered. */
    public static final String UNKNOWN_TOOL = "unknown_tool";
    /** The turn ended (interrupted, timed out, the server stopping) before the call had its result. */
    public static final String INTERRUPTED = "interrupted";

    public ToolResult {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(output, "output");
    }

    /** A successful text result answering {@code call}. */
    public static ToolResult text(ToolCall call, String text) {
        return new ToolResult(call.callId(), call.name(), new ToolOutput.Text(text), false);
    }

    /** A successful image result answering {@code call}. */
    public static ToolResult image(ToolCall call, String base64, String contentType) {
        return new ToolResult(call.callId(), call.name(), new ToolOutput.Image(base64, contentType), false);
    }

    /** An error result answering {@code call}: {@code "<code>: <message>"}. */
    public static ToolResult error(ToolCall call, String code, String message) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        return new ToolResult(call.callId(), call.name(), new ToolOutput.Text(code + ": " + message), true);
    }

    /** Whether this result answers {@code call}. */
    public boolean answers(ToolCall call) {
        return callId.equals(call.callId());
    }
}
