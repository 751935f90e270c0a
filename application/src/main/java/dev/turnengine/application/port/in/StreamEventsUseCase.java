package dev.turnengine.application.port.in;

import dev.turnengine.domain.InvalidInputException;
import dev.turnengine.domain.access.Caller;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.turn.TurnId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Streams a conversation's events: replayed from a cursor, then live; optionally one turn only. */
public interface StreamEventsUseCase {

    /**
     * Checks that the conversation (and the turn) can be streamed, without subscribing yet: an edge makes
     * its stream only once this says {@link Prepared.Ready}.
     */
    Prepared prepare(Command command);

    /**
     * Opens the stream, delivering to {@code sink} until the subscription is closed, or, for one turn,
     * until that turn's {@code final} has been delivered (then {@link EventSink#end()}).
     */
    default Result open(Command command, EventSink sink) {
        return switch (prepare(command)) {
            case Prepared.Ready ready -> new Result.Opened(ready.start(sink));
            case Result.NotFound notFound -> notFound;
            case Result.AlreadyDelivered delivered -> delivered;
            case Result.CursorAhead ahead -> ahead;
        };
    }

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
                throw new InvalidInputException("a cursor is a sequence number, 0 or more");
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

    /** Whether the stream can open; the refusals are the same as {@link Result}'s. */
    sealed interface Prepared permits Prepared.Ready, Result.NotFound, Result.AlreadyDelivered, Result.CursorAhead {

        /** The checks passed; {@link #start} subscribes the sink from the command's cursor. */
        record Ready(Starter starter) implements Prepared {

            public Ready {
                Objects.requireNonNull(starter, "starter");
            }

            /** Starts delivering to {@code sink}; events flow until the subscription is closed or the turn ends. */
            public Subscription start(EventSink sink) {
                return starter.start(sink);
            }
        }

        /** Subscribes a sink to a prepared stream. */
        @FunctionalInterface
        interface Starter {

            /** Subscribes {@code sink}; see {@link Ready#start}. */
            Subscription start(EventSink sink);
        }
    }

    /** Whether the stream opened. */
    sealed interface Result {

        /** Events flow to the sink until {@code subscription} is closed or the turn ends. */
        record Opened(Subscription subscription) implements Result {
        }

        /** The conversation (or the turn) does not exist or belongs to another tenant. */
        record NotFound() implements Result, Prepared {
        }

        /** The followed turn's {@code final} is at or before the cursor: there is nothing left to send. */
        record AlreadyDelivered() implements Result, Prepared {
        }

        /** The cursor is above the conversation's last event ({@code lastSeq}): no such event was ever sent. */
        record CursorAhead(long lastSeq) implements Result, Prepared {
        }
    }
}
