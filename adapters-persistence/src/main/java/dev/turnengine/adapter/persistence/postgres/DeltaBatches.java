package dev.turnengine.adapter.persistence.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal's writers' queue, from which they take batches one writer at a time, a small batch waiting for more
 * while items of different turns arrive often.
 */
final class DeltaBatches<T> {

    /** The most a batch holds. */
    static final int MAX_BATCH = 1_000;

    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final ArrivalPace pace = new ArrivalPace();
    /** Held by the writer taking the next batch, so that one gathers while the other commits. */
    private final ReentrantLock taking = new ReentrantLock();
    private final long lingerNanos;
    private final int lingerBelow;
    private volatile boolean closed;

    /**
     * Batches of fewer than {@code lingerBelow} items wait up to {@code lingerNanos} for more, while items arrive
     * often enough that one is due within twice that ({@link #lingers}).
     */
    DeltaBatches(long lingerNanos, int lingerBelow) {
        this.lingerNanos = lingerNanos;
        this.lingerBelow = lingerBelow;
    }

    /** Whether a writer holding {@code size} items waits for more, with items arriving every so many nanoseconds. */
    static boolean lingers(int size, long averageGapNanos, int lingerBelow, long lingerNanos) {
        return size < lingerBelow && averageGapNanos < 2 * lingerNanos;
    }

    /** Queues {@code item}, which comes from {@code from} (its turn). */
    void add(T item, Object from) {
        pace.arrived(from, System.nanoTime());
        queue.add(item);
    }

    /**
     * Takes the next batch into {@code batch} (the caller's, so that what was taken is still the caller's to answer
     * if this fails), once no other writer is taking one: waits up to {@code pollTimeout} for a first item, takes
     * every item waiting, and while the batch is small and items come often waits for more. Nothing is added when
     * nothing arrived in time. An interrupt while the batch waits for more ends the wait, never the batch: the items
     * already taken stay in it, with the thread's interrupt flag set.
     *
     * @throws InterruptedException if interrupted before a first item was taken
     */
    void takeInto(List<T> batch, long pollTimeout, TimeUnit unit) throws InterruptedException {
        taking.lockInterruptibly();
        try {
            T first = queue.poll(pollTimeout, unit);
            if (first == null) {
                return;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            if (!closed && lingers(batch.size(), pace.averageGapNanos(), lingerBelow, lingerNanos)) {
                gatherMore(batch);
            }
        } finally {
            taking.unlock();
        }
    }

    /** Adds to {@code batch} what arrives within the linger, until it holds {@code lingerBelow}. */
    private void gatherMore(List<T> batch) {
        long until = System.nanoTime() + lingerNanos;
        try {
            while (batch.size() < lingerBelow) {
                long left = until - System.nanoTime();
                T more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (more == null) {
                    return;
                }
                batch.add(more);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether no item is waiting. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** From now on no batch waits for more: what is left is taken at once. A wait already begun runs its course. */
    void close() {
        closed = true;
    }

    /** Whether {@link #close} was called. */
    boolean closed() {
        return closed;
    }

    /** Takes every item still waiting, for the writer to refuse once its threads are gone. */
    List<T> drain() {
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }
}
