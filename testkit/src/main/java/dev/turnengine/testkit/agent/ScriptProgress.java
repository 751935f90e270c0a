package dev.turnengine.testkit.agent;

import dev.turnengine.domain.agent.Cancellation;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What the runs of one {@link ScriptedAgentRunner} have done so far, and the gate they pass: every count
 * and wait lives under one lock, so a test can wait for a state and a run can wait for a permit.
 */
final class ScriptProgress {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    int started;
    int finished;
    int emitted;
    int cancelled;
    private int waiting;
    private long permits;
    private boolean gateOpen;
    private boolean released;

    void allow(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative");
        }
        update(() -> permits += count);
    }

    void openGate() {
        update(() -> gateOpen = true);
    }

    void release() {
        update(() -> {
            gateOpen = true;
            released = true;
        });
    }

    /** Sleeps {@code delay}; false when cancelled or interrupted first. */
    boolean pause(Duration delay, Cancellation cancellation) {
        long deadline = System.nanoTime() + delay.toNanos();
        return waitFor(() -> System.nanoTime() - deadline >= 0 || released, cancellation, true,
                OptionalLong.of(deadline), false);
    }

    /** Takes a permit (or passes an open gate); false when cancelled or interrupted first. */
    boolean passGate(Cancellation cancellation) {
        return waitFor(() -> {
            if (gateOpen) {
                return true;
            }
            if (permits > 0) {
                permits--;
                return true;
            }
            return false;
        }, cancellation, true, OptionalLong.empty(), true);
    }

    /** Blocks until released, or cancelled when {@code honourCancellation}, or interrupted. */
    void hang(Cancellation cancellation, boolean honourCancellation) {
        waitFor(() -> released, cancellation, honourCancellation, OptionalLong.empty(), true);
    }

    boolean someoneWaiting(Duration timeout) {
        return await(() -> waiting > 0, timeout);
    }

    /**
     * Blocks until {@code ready} holds (checked under the lock); true when it did, false when the wait
     * ended by cancellation (if honoured) or by a thread interrupt, whose flag stays set. The cancel
     * action the runner registers signals the condition, so a cancellation wakes the wait.
     *
     * @param counted whether the wait counts as parked for {@link #someoneWaiting(Duration)}
     */
    private boolean waitFor(BooleanSupplier ready, Cancellation cancellation, boolean honourCancellation,
            OptionalLong deadline, boolean counted) {
        lock.lock();
        if (counted) {
            waiting++;
            changed.signalAll();
        }
        try {
            while (!ready.getAsBoolean()) {
                if (honourCancellation && cancellation.isCancelled()) {
                    return false;
                }
                if (deadline.isPresent()) {
                    changed.awaitNanos(deadline.getAsLong() - System.nanoTime());
                } else {
                    changed.await();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (counted) {
                waiting--;
                changed.signalAll();
            }
            lock.unlock();
        }
    }

    /** Waits until {@code condition} holds under the lock; false if it did not within {@code timeout}. */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int read(IntSupplier value) {
        lock.lock();
        try {
            return value.getAsInt();
        } finally {
            lock.unlock();
        }
    }
}
