package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import java.util.Objects;
import java.util.Optional;

/** Starts a new conversation with an agent. */
public interface CreateConversationUseCase {

    /** Creates the conversation, or refuses an unknown agent or a malformed channel. */
    Result create(Command command);

    /** Agent and channel default to the configured default agent and {@code "web"}. */
    record Command(Caller caller, Optional<String> agent, Optional<String> channel) {

        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** Created or refused. */
    sealed interface Result {
        /** The new conversation. */
        record Created(ConversationView conversation) implements Result {
        }

        /** Nothing was created. */
        record Refused(Refusal refusal) implements Result {
        }
    }
}
