package dev.turnengine.adapter.agent.langchain4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One turn's traffic with the model: when it last received a byte, and how to abort everything in flight
 * (pending exchanges, open response streams) at once, from any thread.
 */
final class UpstreamCall {

    private final Runnable onStreamEnd;
    private final List<Runnable> abortActions = new ArrayList<>();
    private boolean aborted;
    private volatile long lastActivity = System.nanoTime();

    /** A call that runs {@code onStreamEnd} each time a response stream has been read to its end (or broke). */
    UpstreamCall(Runnable onStreamEnd) {
        this.onStreamEnd = onStreamEnd;
    }

    /** Notes that the model is alive: a request went out or bytes came in. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** How long since the last sign of life. */
    Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastActivity);
    }

    /** Registers what aborting must undo; runs it at once if the call is already aborted. */
    void onAbort(Runnable action) {
        synchronized (this) {
            if (!aborted) {
                abortActions.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    /** Closes every exchange and stream of this call; harmless to repeat. Does not block. */
    void abort() {
        List<Runnable> actions;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            actions = List.copyOf(abortActions);
            abortActions.clear();
        }
        actions.forEach(UpstreamCall::runQuietly);
    }

    synchronized boolean isAborted() {
        return aborted;
    }

    void streamEnded() {
        onStreamEnd.run();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // aborting is best effort: one failing close must not keep the others open
        }
    }
}
