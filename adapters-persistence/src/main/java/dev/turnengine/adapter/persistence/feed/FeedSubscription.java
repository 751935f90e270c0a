package dev.turnengine.adapter.persistence.feed;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import dev.turnengine.domain.port.Subscription;
import dev.turnengine.domain.port.TurnJournal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One subscriber's cursor and serial delivery. Wake-ups are counted; a drain runs only while the count is
 * non-zero, so at most one thread delivers to the listener at a time and no wake-up is lost.
 */
final class FeedSubscription implements Subscription {

    private static final System.Logger LOG = System.getLogger(FeedSubscription.class.getName());
    private static final int BATCH = 256;
    private static final int READ_ATTEMPTS = 4;
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final JournalFeed feed;
    private final ConversationId conversationId;
    private final FeedTopic topic;
    private final TurnJournal.JournalListener listener;
    // Plain fields updated through handles, not atomic objects: a subscription lives as long as its stream.
    private static final VarHandle WAKEUPS;
    private static final VarHandle MUST_READ;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAKEUPS = lookup.findVarHandle(FeedSubscription.class, "wakeups", int.class);
            MUST_READ = lookup.findVarHandle(FeedSubscription.class, "mustRead", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int wakeups;
    private volatile boolean mustRead = true;
    private volatile boolean closed;
    private volatile boolean ending;
    /** Only touched by the draining thread; wake-ups hand it from one drain to the next. */
    private long cursor;

    FeedSubscription(
            JournalFeed feed, ConversationId conversationId, FeedTopic topic, long afterSeq,
            TurnJournal.JournalListener listener) {
        this.feed = feed;
        this.conversationId = conversationId;
        this.topic = topic;
        this.cursor = afterSeq;
        this.listener = listener;
    }

    void wake() {
        if (closed || (int) WAKEUPS.getAndAdd(this, 1) != 0) {
            return;
        }
        try {
            feed.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            fail(new IllegalStateException("the journal is shut down", e));
        }
    }

    void recheck() {
        mustRead = true;
        wake();
    }

    /** Delivers what can still be read, then ends with {@code onEnd}. */
    void end() {
        mustRead = true; // before ending: a drain that sees ending reads the journal once more
        ending = true;
        wake();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            feed.remove(conversationId, this);
        }
    }

    void fail(RuntimeException error) {
        if (closed) {
            return;
        }
        close();
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a journal listener failed while told of an error", e);
        }
    }

    private void drain() {
        int seen;
        do {
            seen = wakeups;
            boolean endAfterThis = ending;
            if (!deliverAvailable()) {
                return; // closed: the count stays non-zero, so no drain starts again
            }
            if (endAfterThis) {
                close();
                try {
                    listener.onEnd();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a journal listener failed while told of the end", e);
                }
                return;
            }
        } while (!WAKEUPS.compareAndSet(this, seen, 0));
    }

    /**
     * Reads from the journal, riding out a brief failure: the pool replaces a dropped connection, and after
     * about half a second it checks the connections it hands out. A longer outage ends the subscription.
     */
    private List<JournalEvent> readWithRetries() {
        long needEpoch = topic.epoch();
        for (int attempt = 1; ; attempt++) {
            try {
                return topic.read(feed.source(), conversationId, cursor, BATCH, needEpoch);
            } catch (RuntimeException e) {
                if (attempt == READ_ATTEMPTS || closed) {
                    throw e;
                }
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Delivers what there is; false when the subscription ended. */
    private boolean deliverAvailable() {
        boolean catchingUp = (boolean) MUST_READ.getAndSet(this, false);
        while (!closed) {
            if (!catchingUp && cursor >= topic.latestKnown()) {
                return true;
            }
            List<JournalEvent> batch = topic.rememberedAfter(cursor, BATCH);
            boolean fromJournal = batch.isEmpty();
            if (fromJournal) {
                try {
                    batch = readWithRetries();
                } catch (RuntimeException e) {
                    fail(e);
                    return false;
                }
                if (batch.isEmpty()) {
                    if (catchingUp) {
                        catchingUp = false;
                        continue;
                    }
                    return true; // announced but not readable yet; the next wake-up looks again
                }
                topic.remember(batch); // so the other subscribers of this conversation need not read it again
                catchingUp = batch.size() == BATCH;
            }
            for (JournalEvent event : batch) {
                if (closed) {
                    return false;
                }
                if (event.seq() <= cursor) {
                    continue;
                }
                if (event.seq() != cursor + 1) {
                    if (fromJournal) {
                        return true; // not visible yet: never skip a number, wait for the next wake-up
                    }
                    catchingUp = true; // read the journal from the cursor instead
                    break;
                }
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a journal listener failed; its subscription is closed", e);
                    close();
                    return false;
                }
                cursor = event.seq();
            }
        }
        return false;
    }
}
