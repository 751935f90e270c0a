package dev.turnengine.domain.agent;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.tool.BrowserTools;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an agent is given to answer one turn.
 *
 * @param history the conversation's earlier completed turns, oldest first, already bounded by the window
 * @param source the channel the message came from ({@code turn_source})
 * @param tools the tools the agent may call in this turn, and the way to call them
 */
public record AgentRequest(
        Conversation conversation,
        TurnId turnId,
        UserMessage message,
        String source,
        List<Exchange> history,
        Tools tools) {

    public AgentRequest {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tools, "tools");
        history = List.copyOf(history);
    }

    /** A request for a turn without tools. */
    public AgentRequest(
            Conversation conversation, TurnId turnId, UserMessage message, String source, List<Exchange> history) {
        this(conversation, turnId, message, source, history, Tools.none());
    }

    /** The same request with {@code tools} offered. */
    public AgentRequest withTools(Tools tools) {
        return new AgentRequest(conversation, turnId, message, source, history, tools);
    }

    /**
     * Text the agent adds to its system prompt for this turn, after its own: the browser prompt in a
     * {@code browser_session} turn, nothing otherwise.
     */
    public Optional<String> systemPromptAddition() {
        return BrowserTools.promptFor(message.browserSession());
    }
}
