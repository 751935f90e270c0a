package dev.turnengine.application.port.out;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.Admission;
import java.util.Optional;

/**
 * Makes sure somebody runs a conversation's queued turns. A dispatcher that runs turns on this node may also
 * offer a lease for admission to start a turn at once when its conversation is idle, which saves starting it
 * in a step of its own; the turns so started are handed back through {@link #runStarted}.
 */
@FunctionalInterface
public interface TurnDispatcher {

    /** Starts running the conversation's queued turns, in order, unless that is already happening. */
    void dispatch(ConversationId conversationId);

    /**
     * The lease under which admission may start a new turn right away; empty (the default) to leave every new
     * turn queued for {@link #dispatch}.
     */
    default Optional<Admission.Start> startLease() {
        return Optional.empty();
    }

    /**
     * Runs a turn that admission started under {@link #startLease()} (with the conversation and history the
     * admission read for it), then whatever the conversation queued meanwhile.
     */
    default void runStarted(Admission.Admitted started) {
        throw new IllegalStateException("this dispatcher offers no start lease, so it has no started turn to run");
    }
}
