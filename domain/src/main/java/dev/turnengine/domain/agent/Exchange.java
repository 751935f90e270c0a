package dev.turnengine.domain.agent;

import dev.turnengine.domain.tool.ToolStep;
import java.util.List;
import java.util.Objects;

/**
 * An earlier completed turn of the conversation, given to the agent as history.
 *
 * @param toolSteps the tool calls the turn made with their results, in the order they were made
 */
public record Exchange(String userText, String replyText, List<ToolStep> toolSteps) {

    public Exchange {
        Objects.requireNonNull(userText, "userText");
        Objects.requireNonNull(replyText, "replyText");
        toolSteps = List.copyOf(toolSteps);
    }

    /** An exchange in which no tool was called. */
    public Exchange(String userText, String replyText) {
        this(userText, replyText, List.of());
    }
}
