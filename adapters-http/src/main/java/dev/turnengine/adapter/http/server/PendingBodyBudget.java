package dev.turnengine.adapter.http.server;

import java.util.concurrent.atomic.AtomicLong;

/** The server-wide budget of request-body bytes being received at once; reservations never exceed it. */
final class PendingBodyBudget {

    private final long capacity;
    private final AtomicLong reserved = new AtomicLong();

    PendingBodyBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Takes {@code bytes} from the budget if they fit; false (and nothing taken) when they do not. */
    boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes cannot be negative");
        }
        while (true) {
            long current = reserved.get();
            if (bytes > capacity - current) {
                return false;
            }
            if (reserved.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives back bytes taken with {@link #tryReserve}. */
    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }

    long capacity() {
        return capacity;
    }
}
