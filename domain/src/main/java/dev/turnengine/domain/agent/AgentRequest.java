package dev.turnengine.domain.agent;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.util.List;
import java.util.Objects;

/**
 * Everything an agent is given to answer one turn.
 *
 * @param history the conversation's earlier completed turns, oldest first, already bounded by the window
 * @param source the channel the message came from ({@code turn_source})
 */
public record AgentRequest(
        Conversation conversation, TurnId turnId, UserMessage message, String source, List<Exchange> history) {

    public AgentRequest {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        history = List.copyOf(history);
    }
}
