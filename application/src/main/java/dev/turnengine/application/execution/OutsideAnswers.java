package dev.turnengine.application.execution;

import dev.turnengine.domain.turn.TurnId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls of this node's turns that wait for an outside answer, each with a future the answer's notice
 * completes. A waiter arms its future before it reads the stored answer, so a notice is never lost between the two;
 * a notice for a call nobody waits for here is dropped (the answer is stored; whoever waits reads it).
 */
final class OutsideAnswers {

    private record Key(TurnId turnId, String callId) {
    }

    private final ConcurrentHashMap<Key, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();

    /** A future completed by the next notice for this call. */
    CompletableFuture<Void> arm(TurnId turnId, String callId) {
        return waiters.compute(new Key(turnId, callId),
                (key, current) -> current == null || current.isDone() ? new CompletableFuture<>() : current);
    }

    /** An answer to this call was stored (on this node or another). */
    void told(TurnId turnId, String callId) {
        CompletableFuture<Void> waiter = waiters.remove(new Key(turnId, callId));
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /** The call waits no more. */
    void forget(TurnId turnId, String callId) {
        waiters.remove(new Key(turnId, callId));
    }
}
