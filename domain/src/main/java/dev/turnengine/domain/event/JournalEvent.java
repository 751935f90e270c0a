package dev.turnengine.domain.event;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.Objects;

/**
 * A turn event as stored in its conversation's journal.
 *
 * @param seq the conversation's gap-free, strictly increasing sequence number, starting at 1
 */
public record JournalEvent(ConversationId conversationId, long seq, TurnId turnId, TurnEvent event, Instant at) {

    public JournalEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (seq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1");
        }
    }

    /** Whether this is a turn's {@code final} event. */
    public boolean isFinal() {
        return event instanceof TurnFinal;
    }
}
