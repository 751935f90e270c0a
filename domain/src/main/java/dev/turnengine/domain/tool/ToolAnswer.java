package dev.turnengine.domain.tool;

/** An answer from outside the engine to a waiting tool call: a person's decision or a browser's result. */
public sealed interface ToolAnswer permits ToolDecision, BrowserResult {

    /** What a call must be waiting for to take this answer. */
    default WaitingFor answers() {
        return switch (this) {
            case ToolDecision decision -> WaitingFor.APPROVAL;
            case BrowserResult result -> WaitingFor.BROWSER;
        };
    }
}
