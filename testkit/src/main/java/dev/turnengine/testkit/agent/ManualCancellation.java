package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.Cancellation;
import java.util.ArrayList;
import java.util.List;

/** A cancellation a test fires by hand, running the registered actions on the test's thread. */
public final class ManualCancellation implements Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Cancels, running every registered action once. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }
}
