package dev.turnengine.domain.tool;

/** Where a tool runs: inside the engine, or in the caller's connected browser. */
public enum ToolExecutor {
    /** Java tools registered by an embedder and the tools of configured MCP servers. */
    SERVER,
    /** The {@code computer_*} tools, run by the browser of the person who started the turn. */
    BROWSER
}
