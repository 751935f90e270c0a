package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link TurnStore#admit}: exactly one of a new turn, an earlier turn's key, or busy. */
public sealed interface Admission {

    /**
     * What to admit. {@code requireIdle} refuses the turn when the conversation has any turn running or queued;
     * {@code trace} is stored with the turn.
     */
    record Request(
            TenantId tenant, ConversationId conversationId, TurnId turnId, UserMessage message, String source,
            Optional<KeyClaim> claim, boolean requireIdle, Instant now, TraceContext trace) {

        /** A request outside any trace. */
        public Request(
                TenantId tenant, ConversationId conversationId, TurnId turnId, UserMessage message, String source,
                Optional<KeyClaim> claim, boolean requireIdle, Instant now) {
            this(tenant, conversationId, turnId, message, source, claim, requireIdle, now, TraceContext.none());
        }

        public Request {
            Objects.requireNonNull(trace, "trace");
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(now, "now");
        }
    }

    /** The turn was stored as queued, its {@code turn_accepted} journaled and its key (if any) recorded. */
    record Admitted(Turn turn) implements Admission {
    }

    /** A live record for the same key exists; nothing was written. */
    record Duplicate(IdempotencyRecord existing) implements Admission {
    }

    /** {@code requireIdle} was asked and the conversation was busy; nothing was written. */
    record Busy() implements Admission {
    }

    /**
     * Keeping the message's attachments would take storage past its budget for attachment bytes (in-memory
     * storage bounds what it holds); nothing was written.
     */
    record InsufficientStorage(long storedBytes, long budgetBytes) implements Admission {
    }
}
