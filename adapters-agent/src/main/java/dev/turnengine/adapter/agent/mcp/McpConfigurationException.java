package dev.turnengine.adapter.agent.mcp;

/** The MCP configuration is malformed, or a listed server could not be reached to list its tools. */
public final class McpConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public McpConfigurationException(String message) {
        super(message);
    }

    public McpConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
