package dev.turnengine.domain.agent;

/** Tells a running agent that its turn was interrupted, timed out or the engine is stopping. */
public interface Cancellation {

    /** Whether the agent should stop now. */
    boolean isCancelled();

    /**
     * Runs {@code action} once when the turn is cancelled (at once if it already is), for example
     * to close an upstream HTTP stream. Actions run on the cancelling thread and must not block.
     */
    void onCancel(Runnable action);
}
