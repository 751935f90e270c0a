package dev.turnengine.domain.port;

import dev.turnengine.domain.agent.Exchange;
import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.event.TextDelta;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.turn.ConversationActivity;
import dev.turnengine.domain.turn.NodeId;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps turns and moves them through their lifecycle. Each state change also journals its event in
 * the same atomic step, so a turn's state and its events never disagree, on one node or many.
 */
public interface TurnStore {

    /**
     * Admits a new turn, atomically. In order: a live key record for the claim's tenant, conversation and
     * key gives {@link Admission.Duplicate} (concurrent admits of one key, on any node, admit exactly one
     * turn); {@code requireIdle} with a turn running or queued gives {@link Admission.Busy}; otherwise the
     * turn is stored as queued, {@code turn_accepted} is journaled (its sequence is the turn's
     * {@code acceptedSeq}), the key is recorded (replacing an expired record) and the conversation's
     * {@code last_turn_channel} becomes the turn's source. With a {@linkplain Admission.Request#start() start}
     * and no other turn of the conversation running or queued, the turn is also started in the same atomic
     * step, as {@link #startNext} would start it: running under the given lease, {@code turn_started} journaled
     * right after {@code turn_accepted}; the caller must then run it. The conversation must exist.
     */
    Admission admit(Admission.Request request);

    /**
     * Starts the oldest queued turn of the conversation when none of its turns is running: marks it
     * running, leased to {@code owner} until {@code leaseUntil}, and journals {@code turn_started}.
     * Empty when a turn is running (here or on another node) or none is queued. The turn's attachments come
     * {@linkplain dev.turnengine.domain.turn.Attachment#isUnloaded() unloaded}; see {@link #loadAttachments}.
     *
     * @throws UnreadableTurnException when the oldest queued turn's stored message cannot be decoded; it is
     *     left queued, and nothing was written, so that the caller can end it (and start the next one)
     */
    Optional<Turn> startNext(ConversationId conversationId, NodeId owner, Instant leaseUntil, Instant now);

    /**
     * The turn with its attachments' inline bytes, which every other read leaves in storage: read once, for
     * the turn about to run. The turn is returned as is when none of its attachments is unloaded; bytes
     * already gone (in-memory storage drops them once a turn has ended) stay unloaded.
     */
    Turn loadAttachments(Turn turn);

    /**
     * Ends a turn only while it is still queued, so that it never starts: journals its {@code final} and
     * records the ending, atomically with respect to {@link #startNext}. Empty, with nothing written, when
     * the turn is running or has ended.
     */
    Optional<JournalEvent> cancelQueued(ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant now);

    /** The conversation's queued turns, in order of acceptance. */
    List<TurnId> queued(ConversationId conversationId);

    /**
     * When the conversation's most recently ended turn that a client interrupted ({@code interrupted} with no
     * error; shutdowns do not count) ended; empty when none did.
     */
    Optional<Instant> lastInterruptedAt(ConversationId conversationId);

    /**
     * Ends a queued or running turn: journals its {@code final} event and records the ending. Empty, with
     * nothing written, when the turn had already ended: a turn never gets a second {@code final}.
     */
    default Optional<JournalEvent> finish(ConversationId conversationId, TurnId turnId, TurnFinal ending, Instant now) {
        return finish(conversationId, turnId, Optional.empty(), ending, now).map(Finished::event);
    }

    /**
     * Ends a turn as {@link #finish(ConversationId, TurnId, TurnFinal, Instant)} does, journaling {@code lastText}
     * (the reply's last text, not journaled yet) as a {@code text_delta} right before the {@code final}, in the
     * same atomic step: both or neither. Also says whether other turns of the conversation were queued at that
     * moment, so that the caller knows whether to start the next one.
     */
    Optional<Finished> finish(
            ConversationId conversationId, TurnId turnId, Optional<TextDelta> lastText, TurnFinal ending, Instant now);

    /** A turn's {@code final} as written, and whether turns of its conversation were queued behind it then. */
    record Finished(JournalEvent event, boolean queuedBehind) {

        public Finished {
            java.util.Objects.requireNonNull(event, "event");
        }
    }

    /**
     * One turn of the conversation. Reads never fail on a turn whose stored message or ending cannot be
     * decoded: it is shown with a placeholder text (and, once ended, a {@code storage_error}) instead.
     */
    Optional<Turn> find(ConversationId conversationId, TurnId turnId);

    /** The conversation's turns in order of acceptance, at most {@code limit}, skipping the first {@code offset}. */
    List<Turn> list(ConversationId conversationId, int offset, int limit);

    /** The running turn and the number of queued ones. */
    ConversationActivity activity(ConversationId conversationId);

    /**
     * The last {@code limit} completed turns accepted before {@code turnId}, oldest first, as history for
     * the agent.
     */
    List<Exchange> history(ConversationId conversationId, TurnId turnId, int limit);

    /** Extends to {@code until} the lease of every running turn {@code owner} holds. */
    void renewLeases(NodeId owner, Instant until);

    /** Running turns whose lease ran out before {@code now}: their node stopped without ending them. */
    List<Turn> expiredLeases(Instant now, int limit);

    /** Running turns leased to {@code owner}; at start-up these are left over from a previous process. */
    List<Turn> runningOn(NodeId owner);

    /** Conversations that have queued turns and none running, so nobody is about to start them. */
    List<ConversationId> stalled(int limit);

    /** How many turns are queued, over all conversations (and all nodes sharing the storage); for metrics. */
    int queuedCount();
}
