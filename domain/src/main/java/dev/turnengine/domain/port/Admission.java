package dev.turnengine.domain.port;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.Conversation;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.idempotency.IdempotencyRecord;
import dev.turnengine.domain.trace.TraceContext;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.TurnId;
import dev.turnengine.domain.turn.TurnStatus;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.UserMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link TurnStore#admit}: exactly one of a new turn, an earlier turn's key, or busy. */
public sealed interface Admission {

    /**
     * What to admit. {@code requireIdle} refuses the turn when the conversation has any turn running or queued;
     * {@code trace} is stored with the turn; {@code start}, when present, starts the turn in the same atomic
     * step if the conversation has no other turn running or queued (see {@link TurnStore#admit}).
     */
    record Request(
            TenantId tenant, ConversationId conversationId, TurnId turnId, UserMessage message, String source,
            Optional<KeyClaim> claim, boolean requireIdle, Instant now, TraceContext trace, Optional<Start> start) {

        /** A request that leaves the turn queued. */
        public Request(
                TenantId tenant, ConversationId conversationId, TurnId turnId, UserMessage message, String source,
                Optional<KeyClaim> claim, boolean requireIdle, Instant now, TraceContext trace) {
            this(tenant, conversationId, turnId, message, source, claim, requireIdle, now, trace, Optional.empty());
        }

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
            Objects.requireNonNull(start, "start");
        }

        /** This request, starting the turn at once under {@code start}'s lease when the conversation is idle. */
        public Request startingIfIdle(Start start) {
            return new Request(tenant, conversationId, turnId, message, source, claim, requireIdle, now, trace,
                    Optional.of(start));
        }
    }

    /**
     * A lease to start an admitted turn under: the node that will run it, until when the lease holds before it
     * must be renewed, and how many earlier completed exchanges to read for its agent (in the same step).
     */
    record Start(NodeId owner, Instant leaseUntil, int historyWindow) {

        public Start {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
            if (historyWindow < 0) {
                throw new IllegalArgumentException("historyWindow cannot be negative");
            }
        }
    }

    /**
     * The turn was stored, its {@code turn_accepted} journaled and its key (if any) recorded; it is queued, or
     * running with its {@code turn_started} journaled when the request asked to start it and the conversation
     * was idle.
     */
    record Admitted(Turn turn, Conversation conversation, List<Exchange> history) implements Admission {

        /** A turn admitted and left queued. */
        public Admitted(Turn turn, Conversation conversation) {
            this(turn, conversation, List.of());
        }

        /**
         * @param conversation the conversation as the admission left it
         * @param history for a turn started in the admission, its conversation's completed exchanges before it,
         *     oldest first, at most the start's {@code historyWindow} (as {@link TurnStore#history} gives them)
         */
        public Admitted {
            Objects.requireNonNull(turn, "turn");
            Objects.requireNonNull(conversation, "conversation");
            history = List.copyOf(history);
        }

        /** Whether the turn was started in the admission, and is now the caller's to run. */
        public boolean started() {
            return turn.status() == TurnStatus.RUNNING;
        }
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
