package dev.turnengine.adapter.http.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may be due thousands of times a second (a connection refused, a body refused): logged the
 * first time, then at most once per interval with how often it happened meanwhile.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong occurrences = new AtomicLong();
    private final AtomicLong nextLogAt;

    ThrottledWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextLogAt = new AtomicLong(System.nanoTime());
    }

    /** Counts one occurrence and logs {@code message} with the count when the interval has passed. */
    void occurred(String message) {
        occurrences.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + intervalNanos)) {
            log.warn("{} ({} time(s) since the last notice; next notice in {} s at the earliest)", message,
                    occurrences.getAndSet(0), intervalNanos / 1_000_000_000L);
        }
    }
}
