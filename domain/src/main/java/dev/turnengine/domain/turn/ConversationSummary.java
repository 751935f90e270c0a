package dev.turnengine.domain.turn;

import dev.turnengine.domain.conversation.ActivityCursor;
import dev.turnengine.domain.conversation.Conversation;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a tenant's conversation list.
 *
 * @param lastActivityAt when its latest message was accepted, else when it was created
 */
public record ConversationSummary(Conversation conversation, Instant lastActivityAt, ConversationActivity activity) {

    public ConversationSummary {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(lastActivityAt, "lastActivityAt");
        Objects.requireNonNull(activity, "activity");
    }

    /** The cursor that continues a listing after this line. */
    public ActivityCursor cursor() {
        return new ActivityCursor(lastActivityAt, conversation.id());
    }
}
