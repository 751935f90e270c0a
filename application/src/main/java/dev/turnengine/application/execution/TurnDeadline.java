package dev.turnengine.application.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * A running turn's time budget, which can be paused: the place where "the turn waits for an outside
 * answer" (a person approving a tool call, a browser returning a tool result) plugs in. Whatever makes
 * the turn wait calls {@link #pause()} before and {@link #resume()} after, so the wait does not count
 * against the turn timeout; an interrupt still ends the turn at once, because {@link TurnRunner} waits for
 * the cancellation as well as for the deadline, and cancelling interrupts the agent's waiting thread.
 * Pauses nest (two outside answers awaited at once), and the clock restarts when the last one resumes.
 */
final class TurnDeadline {

    private final LongSupplier nanoTime;
    private long budgetNanos;
    private long runningSince;
    private int pauses;
    private CompletableFuture<Void> changed = new CompletableFuture<>();

    /** A deadline {@code budget} from now, on the monotonic {@code nanoTime} clock. */
    TurnDeadline(Duration budget, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.budgetNanos = budget.toNanos();
        this.runningSince = nanoTime.getAsLong();
    }

    /** A deadline {@code budget} from now on the system's monotonic clock. */
    static TurnDeadline after(Duration budget) {
        return new TurnDeadline(budget, System::nanoTime);
    }

    /** Stops the clock until the matching {@link #resume()}. */
    synchronized void pause() {
        if (pauses++ == 0) {
            budgetNanos -= nanoTime.getAsLong() - runningSince;
            signalChange();
        }
    }

    /** Restarts the clock once every pause has been resumed. */
    synchronized void resume() {
        if (pauses == 0) {
            throw new IllegalStateException("resume without pause");
        }
        if (--pauses == 0) {
            runningSince = nanoTime.getAsLong();
            signalChange();
        }
    }

    /** Whether the clock is stopped: the turn waits for an outside answer. */
    synchronized boolean isPaused() {
        return pauses > 0;
    }

    /** The time left (zero or negative once passed), or empty while paused. */
    synchronized Optional<Duration> remaining() {
        if (pauses > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(budgetNanos - (nanoTime.getAsLong() - runningSince)));
    }

    /** Completes at the next pause or resume, so a waiter can re-read {@link #remaining()}. */
    synchronized CompletableFuture<Void> changed() {
        return changed;
    }

    private void signalChange() {
        CompletableFuture<Void> done = changed;
        changed = new CompletableFuture<>();
        done.complete(null);
    }
}
