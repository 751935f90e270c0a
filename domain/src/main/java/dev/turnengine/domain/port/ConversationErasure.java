package dev.turnengine.domain.port;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.conversation.TenantId;
import dev.turnengine.domain.event.TurnFinal;
import dev.turnengine.domain.report.TurnSummary;
import dev.turnengine.domain.turn.TurnId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Removes conversations with everything they own (journal, turns, idempotency keys). Webhook deliveries
 * belong to the tenant and stay. Deleting is two steps so that open streams, on any node, can still read the
 * {@code final}s the deletion wrote: {@link #close} ends the turns and hides the conversation, {@link #erase}
 * removes its rows.
 */
public interface ConversationErasure {

    /**
     * What {@link #close} ended: every turn that was queued or running, in order of acceptance, with how each
     * ended (for the operator's metrics), and which of them was running.
     */
    record Closed(List<TurnSummary> endings, Optional<TurnId> runningTurn) {

        public Closed {
            endings = List.copyOf(endings);
            Objects.requireNonNull(runningTurn, "runningTurn");
        }

        /** The turns that were ended, in order of acceptance. */
        public List<TurnId> endedTurns() {
            return endings.stream().map(TurnSummary::turnId).toList();
        }
    }

    /**
     * Atomically: ends each queued or running turn with {@code ending.apply(text streamed so far)} (journaled,
     * with its webhook delivery, as {@link TurnStore#finish} does), and hides the conversation: from then on
     * lookups, admits and listings treat it as absent on every node. Open streams on every node are told to
     * end once they have delivered what is journaled. Empty when the conversation does not exist, belongs to
     * another tenant or was already closed.
     */
    Optional<Closed> close(TenantId tenant, ConversationId id, Function<String, TurnFinal> ending, Instant now);

    /**
     * Removes every row of the conversation (closed or not) and ends its open streams on every node; false
     * when there was nothing to remove. A turn's late writes afterwards (deltas, its final) are refused or
     * dropped and never bring rows back.
     */
    boolean erase(ConversationId id);

    /** Closed conversations still waiting for {@link #erase}, closed before {@code before} (a crash in between). */
    List<ConversationId> closedBefore(Instant before, int limit);

    /**
     * Erases, in one bounded step, up to {@code limit} conversations whose last activity was before
     * {@code idleBefore} and that have no turn queued or running; returns the ones erased. Conversations
     * being written to at that moment are skipped, not waited for.
     */
    List<ConversationId> eraseIdle(Instant idleBefore, int limit);
}
