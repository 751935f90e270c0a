package dev.turnengine.application.retention;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.port.ConversationErasure;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes what should no longer be stored, on its own thread: conversations idle longer than the retention
 * (when one is set), in batches of {@link #BATCH} with a pause between them so that turns and requests keep
 * the database; and conversations a deletion closed but could not erase (storage failed, the node died).
 */
public final class ConversationCleanup implements AutoCloseable {

    static final int BATCH = 200;
    /** Between batches: the purge takes at most about half of one connection's time. */
    static final Duration PAUSE = Duration.ofMillis(50);
    /** A closed conversation younger than this may still be waiting for its deletion to erase it. */
    static final Duration CLOSED_GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = System.getLogger(ConversationCleanup.class.getName());

    private final ConversationErasure erasure;
    private final Optional<Duration> retention;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("conversation-cleanup").daemon().factory());
    private volatile boolean closed;

    public ConversationCleanup(ConversationErasure erasure, Optional<Duration> retention, Duration interval,
            Clock clock) {
        this.erasure = erasure;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass; returns how many conversations it removed. */
    public int runOnce() {
        int removed = 0;
        try {
            for (ConversationId id : erasure.closedBefore(clock.instant().minus(CLOSED_GRACE), BATCH)) {
                removed += erasure.erase(id) ? 1 : 0;
            }
            if (retention.isPresent()) {
                removed += purgeIdle(retention.get());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "conversation cleanup failed; retrying in " + interval.toSeconds() + " s", e);
        }
        return removed;
    }

    private int purgeIdle(Duration retention) {
        int removed = 0;
        long started = System.nanoTime();
        while (!closed) {
            Instant idleBefore = clock.instant().minus(retention);
            List<ConversationId> batch = erasure.eraseIdle(idleBefore, BATCH);
            removed += batch.size();
            if (batch.size() < BATCH) {
                break;
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (removed > 0) {
            LOG.log(Level.INFO, "retention removed " + removed + " conversations idle longer than " + retention
                    + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        }
        return removed;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
