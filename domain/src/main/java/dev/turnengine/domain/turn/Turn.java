package dev.turnengine.domain.turn;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.trace.TraceContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One exchange in a conversation: a user's message and the agent's reply, from acceptance to its end.
 * State changes are methods that return the next state and refuse transitions the lifecycle forbids.
 *
 * @param source the channel the message came from ({@code turn_source})
 * @param acceptedSeq the journal sequence of this turn's {@code turn_accepted} event
 * @param trace the trace of the request that started the turn, continued wherever the turn runs; none once the turn
 *     has ended (its spans have ended, and a store that keeps every turn would otherwise keep every trace)
 */
public record Turn(
        TurnId id,
        ConversationId conversationId,
        UserMessage message,
        String source,
        TurnStatus status,
        String replyText,
        Optional<TurnError> error,
        Optional<Usage> usage,
        long acceptedSeq,
        Instant acceptedAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        TraceContext trace) {

    public Turn {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(replyText, "replyText");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (acceptedSeq < 1) {
            throw new IllegalArgumentException("acceptedSeq starts at 1");
        }
    }

    /** A turn outside any trace. */
    public Turn(
            TurnId id, ConversationId conversationId, UserMessage message, String source, TurnStatus status,
            String replyText, Optional<TurnError> error, Optional<Usage> usage, long acceptedSeq, Instant acceptedAt,
            Optional<Instant> startedAt, Optional<Instant> finishedAt) {
        this(id, conversationId, message, source, status, replyText, error, usage, acceptedSeq, acceptedAt, startedAt,
                finishedAt, TraceContext.none());
    }

    /** A newly accepted turn, queued behind its conversation's earlier turns. */
    public static Turn accepted(
            TurnId id, ConversationId conversationId, UserMessage message, String source, long acceptedSeq,
            Instant now) {
        return accepted(id, conversationId, message, source, acceptedSeq, now, TraceContext.none());
    }

    /** A newly accepted turn that continues the trace of the request that sent it. */
    public static Turn accepted(
            TurnId id, ConversationId conversationId, UserMessage message, String source, long acceptedSeq,
            Instant now, TraceContext trace) {
        return new Turn(id, conversationId, message, source, TurnStatus.QUEUED, "", Optional.empty(),
                Optional.empty(), acceptedSeq, now, Optional.empty(), Optional.empty(), trace);
    }

    /** This turn once the executor has begun running it. */
    public Turn start(Instant now) {
        if (status != TurnStatus.QUEUED) {
            throw new IllegalStateException("only a queued turn can start; turn " + id + " is " + status.wireName());
        }
        return new Turn(id, conversationId, message, source, TurnStatus.RUNNING, replyText, error, usage,
                acceptedSeq, acceptedAt, Optional.of(now), finishedAt, trace);
    }

    /**
     * This turn after its {@code final} event, given as the event's parts (the event type lives in
     * {@code domain.event}, which depends on this package); a turn ends once only. The ended turn no longer carries
     * its trace: nothing continues it after the final.
     */
    public Turn finish(FinalStatus ending, String reply, Optional<TurnError> why, Optional<Usage> used, Instant now) {
        if (status.isTerminal()) {
            throw new IllegalStateException("turn " + id + " already ended as " + status.wireName());
        }
        return new Turn(id, conversationId, message, source, ending.turnStatus(), reply, why, used, acceptedSeq,
                acceptedAt, startedAt, Optional.of(now), TraceContext.none());
    }

    /** This turn with {@code other} as its message (the same message, more or less loaded from storage). */
    public Turn withMessage(UserMessage other) {
        return new Turn(id, conversationId, other, source, status, replyText, error, usage, acceptedSeq, acceptedAt,
                startedAt, finishedAt, trace);
    }

    /** Whether this turn has ended. */
    public boolean isTerminal() {
        return status.isTerminal();
    }
}
