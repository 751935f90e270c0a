package dev.turnengine.domain.tool;

import java.util.Objects;

/** What a browser answered for a browser-run tool call: its output (text or an image) and whether it failed. */
public record BrowserResult(ToolOutput output, boolean isError) implements ToolAnswer {

    public BrowserResult {
        Objects.requireNonNull(output, "output");
    }
}
