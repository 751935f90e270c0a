package dev.turnengine.application.service;

import dev.turnengine.application.port.in.ConversationView;
import dev.turnengine.application.port.in.CreateConversationUseCase;
import dev.turnengine.application.port.in.Refusal;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.Labels;
import dev.turnengine.domain.port.AgentCatalog;
import dev.turnengine.domain.port.ConversationStore;
import dev.turnengine.domain.turn.ConversationActivity;
import java.time.Clock;
import java.util.Optional;
import java.util.TreeSet;

/** Creates conversations with a known agent. */
public final class CreateConversationService implements CreateConversationUseCase {

    static final String DEFAULT_CHANNEL = "web";

    private final ConversationStore conversations;
    private final AgentCatalog agents;
    private final Clock clock;

    public CreateConversationService(ConversationStore conversations, AgentCatalog agents, Clock clock) {
        this.conversations = conversations;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public Result create(Command command) {
        String agent = command.agent().orElse(agents.defaultAgent());
        if (agents.find(agent).isEmpty()) {
            return new Result.Refused(Refusal.invalid(
                    "unknown agent '" + agent + "'; known agents: " + String.join(", ", new TreeSet<>(agents.names()))));
        }
        String channel = command.channel().orElse(DEFAULT_CHANNEL);
        if (!Labels.isLabel(channel)) {
            return new Result.Refused(Refusal.invalid("channel must be 1-64 printable ASCII characters without spaces"));
        }
        Conversation conversation = Conversation.start(command.caller().tenant(), agent, channel, clock.instant());
        conversations.create(conversation);
        return new Result.Created(new ConversationView(conversation, new ConversationActivity(Optional.empty(), 0)));
    }
}
