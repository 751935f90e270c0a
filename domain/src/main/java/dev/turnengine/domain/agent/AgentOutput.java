package dev.turnengine.domain.agent;

/** Where an agent writes its reply as it produces it. Safe to call from any one thread at a time. */
@FunctionalInterface
public interface AgentOutput {

    /**
     * Appends reply text; it reaches the journal (and so every watcher) before this returns.
     * Calls after the turn ended (interrupted, timed out) are ignored.
     */
    void delta(String text);
}
