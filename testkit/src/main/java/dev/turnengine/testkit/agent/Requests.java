package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.agent.Tools;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.List;

/** Builds agent requests for tests. */
public final class Requests {

    private Requests() {}

    /** A first turn saying {@code text}. */
    public static AgentRequest saying(String text) {
        return of(UserMessage.text(text), List.of());
    }

    /** A first turn saying {@code text}, with {@code tools}. */
    public static AgentRequest saying(String text, Tools tools) {
        return saying(text).withTools(tools);
    }

    /** A turn with the given message and history. */
    public static AgentRequest of(UserMessage message, List<Exchange> history) {
        Conversation conversation = Conversation.start(TenantId.defaultTenant(), "test", "web", Instant.now());
        return new AgentRequest(conversation, TurnId.random(), message, "web", history);
    }
}
