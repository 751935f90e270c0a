package dev.turnengine.application.port.in;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationActivity;
import java.util.Objects;

/** A conversation with what it is doing now. */
public record ConversationView(Conversation conversation, ConversationActivity activity) {

    public ConversationView {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(activity, "activity");
    }
}
