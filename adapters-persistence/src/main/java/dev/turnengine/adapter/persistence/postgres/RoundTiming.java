package dev.turnengine.adapter.persistence.postgres;

import java.util.concurrent.TimeUnit;

/**
 * When {@link JournalNotifier}'s next round goes: at once when the watch refresh or a look for other nodes is due,
 * or when there is something to send and the last round is old enough; otherwise after a wait that a commit or a
 * newly watched conversation may cut short. Times are {@link System#nanoTime()} values, compared by difference.
 */
final class RoundTiming {

    /**
     * A round goes out once the previous one is this old, with whatever gathered meanwhile. So a node sends at
     * most 50 notification transactions a second however busy it is, and an event after a quiet spell goes out
     * at once; an event during a busy spell waits at most this long (cross-node delivery only: streams on the
     * node that wrote it are told directly).
     */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A round that would carry this many conversations goes out early, once the previous is this old. */
    static final long FULL_ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Conversations that make a round worth sending early: the transaction is spread over this many. */
    static final int FULL_ROUND = 16;

    /** What the notifier does next: go now, or wait. */
    sealed interface Next permits Go, Wait {
    }

    /** Why the notifier goes now. */
    enum Go implements Next {
        /** Time to name every watched conversation again. */
        REFRESH,
        /** Time to look for other nodes again. */
        LOOK,
        /** Something to send, and the last round is old enough. */
        ROUND
    }

    /** Wait this long unless woken, then decide again. */
    record Wait(long nanos) implements Next {
    }

    private RoundTiming() {
    }

    /**
     * What to do at {@code now}, with the last round sent at {@code lastRound}, every watched conversation due to
     * be named again at {@code nextRefresh}, a look for other nodes due in {@code untilLook} (0: due now), and
     * {@code pending} conversations gathered; {@code idle} when the round would send nothing at all. A wait never
     * outlasts the refresh or the look.
     */
    static Next next(long now, long lastRound, long nextRefresh, long untilLook, boolean idle, int pending) {
        if (now - nextRefresh >= 0) {
            return Go.REFRESH;
        }
        if (untilLook == 0) {
            return Go.LOOK;
        }
        long wait = Math.min(untilLook, nextRefresh - now);
        if (idle) {
            return new Wait(wait);
        }
        long hold = holdNanos(pending, now - lastRound);
        return hold == 0 ? Go.ROUND : new Wait(Math.min(hold, wait));
    }

    /**
     * How long to wait before the next round, with {@code pending} conversations gathered and the last round
     * {@code sinceLastRound} ago: 0 to send now.
     */
    private static long holdNanos(int pending, long sinceLastRound) {
        long hold = (pending >= FULL_ROUND ? FULL_ROUND_NANOS : HOLD_NANOS) - sinceLastRound;
        return Math.max(0, hold);
    }
}
