package dev.turnengine.application.port.in;

import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.TurnJournal;
import dev.turnengine.domain.turn.TurnId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Streams a conversation's events: replayed from a cursor, then live; optionally one turn only. */
public interface StreamEventsUseCase {

    /**
     * Opens the stream, delivering to {@code sink} until the subscription is closed, or, for one turn,
     * until that turn's {@code final} has been delivered (then {@link EventSink#end()}).
     */
    Result open(Command command, EventSink sink);

    /**
     * What to stream.
     *
     * @param afterSeq replay every event after this sequence; without it, start live (or, with a turn,
     *     from that turn's first event)
     * @param turnId keep only this turn's events and end after its {@code final}
     */
    record Command(Caller caller, ConversationId conversationId, OptionalLong afterSeq, Optional<TurnId> turnId) {

        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(afterSeq, "afterSeq");
            Objects.requireNonNull(turnId, "turnId");
            if (afterSeq.isPresent() && afterSeq.getAsLong() < 0) {
                throw new IllegalArgumentException("a cursor is a sequence number, 0 or more");
            }
        }
    }

    /** Receives a stream's events, one call at a time; must not block. */
    interface EventSink {

        /** The next event. */
        void event(JournalEvent event);

        /** The turn being followed has delivered its {@code final}; nothing follows. */
        void end();

        /** The stream cannot go on (storage lost); the client should reconnect with its cursor. */
        void fail(RuntimeException error);
    }

    /** Whether the stream opened. */
    sealed interface Result {

        /** Events flow to the sink until {@code subscription} is closed or the turn ends. */
        record Opened(TurnJournal.Subscription subscription) implements Result {
        }

        /** The conversation (or the turn) does not exist or belongs to another tenant. */
        record NotFound() implements Result {
        }

        /** The followed turn's {@code final} is at or before the cursor: there is nothing left to send. */
        record AlreadyDelivered() implements Result {
        }

        /** The cursor is above the conversation's last event ({@code lastSeq}): no such event was ever sent. */
        record CursorAhead(long lastSeq) implements Result {
        }
    }
}
