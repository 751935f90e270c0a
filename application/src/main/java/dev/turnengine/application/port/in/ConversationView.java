package dev.turnengine.application.port.in;

import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.tool.ToolCallRecord;
import java.util.List;
import java.util.Objects;

/**
 * A conversation with what it is doing now.
 *
 * @param waitingCalls the running turn's tool calls that wait for an outside answer (approval, browser), in order
 */
public record ConversationView(Conversation conversation, ConversationActivity activity,
        List<ToolCallRecord> waitingCalls) {

    public ConversationView {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(activity, "activity");
        waitingCalls = List.copyOf(waitingCalls);
    }

    /** A conversation whose running turn, if any, waits for no outside answer. */
    public ConversationView(Conversation conversation, ConversationActivity activity) {
        this(conversation, activity, List.of());
    }
}
