package dev.turnengine.adapter.persistence.postgres;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How often deltas of different turns have been reaching the journal's writers lately: a moving average of the gaps
 * between arrivals, each gap weighing an eighth. A turn waits for the commit of its delta before it sends the next,
 * so a delta that follows one of the same turn could never have joined its batch: that gap counts as the longest.
 * The average falls in a few dozen arrivals once many turns stream at once, and rises within a few once they stop;
 * a pause counts as one second at most, so it never takes long to come back down.
 */
final class ArrivalPace {

    /** The longest gap counted. */
    static final long MAX_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Arrival(Object from, long nanos) {
    }

    private final AtomicReference<Arrival> last = new AtomicReference<>();
    private final AtomicLong averageGap = new AtomicLong(MAX_GAP_NANOS);

    /** Counts an arrival from {@code from} (a turn) at {@code nanos} ({@link System#nanoTime()}). */
    void arrived(Object from, long nanos) {
        Arrival previous = last.getAndSet(new Arrival(from, nanos));
        if (previous == null) {
            return;
        }
        long gap = previous.from().equals(from)
                ? MAX_GAP_NANOS
                : Math.clamp(nanos - previous.nanos(), 0, MAX_GAP_NANOS);
        averageGap.accumulateAndGet(gap, (average, sample) -> average + (sample - average) / 8);
    }

    /** The average gap between recent arrivals, in nanoseconds; {@link #MAX_GAP_NANOS} before any. */
    long averageGapNanos() {
        return averageGap.get();
    }
}
