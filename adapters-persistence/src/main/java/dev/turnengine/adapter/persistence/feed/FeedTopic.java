package dev.turnengine.adapter.persistence.feed;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watched conversation: its subscriptions, the latest sequence known, its most recent events, and the
 * journal reads in flight, which subscribers at the same position share (one query, not one per watcher).
 */
final class FeedTopic {

    private static final int REMEMBERED = 64; // the live tail; subscribers further behind read the journal

    /** A read from {@code afterSeq} that started once the topic's news had reached {@code epoch}. */
    private record SharedRead(long epoch, CompletableFuture<List<JournalEvent>> result) {
    }

    private final Set<FeedSubscription> subscribers = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<JournalEvent> recent = new ArrayDeque<>();
    /** Counts the reasons to look again (news, rechecks, new subscribers); a read sees all that came before it. */
    private final AtomicLong epoch = new AtomicLong();
    private final Map<Long, SharedRead> reads = new HashMap<>();
    private long latestKnown;

    Set<FeedSubscription> subscribers() {
        return subscribers;
    }

    void wakeAll() {
        subscribers.forEach(FeedSubscription::wake);
    }

    void recheckAll() {
        epoch.incrementAndGet();
        subscribers.forEach(FeedSubscription::recheck);
    }

    /** Marks news that a read must have started after to count (a new subscriber's catch-up, for one). */
    void touch() {
        epoch.incrementAndGet();
    }

    long epoch() {
        return epoch.get();
    }

    /**
     * Events after {@code afterSeq} from the journal, reading it once for every subscriber that asks for the
     * same position while a read that started late enough (at or after {@code needEpoch}) is in flight.
     */
    List<JournalEvent> read(JournalFeed.EventSource source, ConversationId conversationId, long afterSeq, int limit,
            long needEpoch) {
        SharedRead read;
        boolean mine = false;
        synchronized (reads) {
            read = reads.get(afterSeq);
            if (read == null || read.epoch() < needEpoch) {
                read = new SharedRead(epoch.get(), new CompletableFuture<>());
                reads.put(afterSeq, read);
                mine = true;
            }
        }
        if (mine) {
            try {
                read.result().complete(source.read(conversationId, afterSeq, limit));
            } catch (RuntimeException | Error e) {
                read.result().completeExceptionally(e);
            } finally {
                synchronized (reads) {
                    reads.remove(afterSeq, read);
                }
            }
        }
        try {
            return read.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Keeps a contiguous window of the newest events; a jump forward starts the window afresh. */
    synchronized void remember(List<JournalEvent> events) {
        epoch.incrementAndGet();
        for (JournalEvent event : events) {
            latestKnown = Math.max(latestKnown, event.seq());
            if (recent.isEmpty() || event.seq() == recent.peekLast().seq() + 1) {
                recent.addLast(event);
            } else if (event.seq() > recent.peekLast().seq() + 1) {
                recent.clear();
                recent.addLast(event);
            }
            if (recent.size() > REMEMBERED) {
                recent.removeFirst();
            }
        }
    }

    /** Returns whether {@code seq} is news. */
    synchronized boolean learnLatest(long seq) {
        if (seq > latestKnown) {
            latestKnown = seq;
            epoch.incrementAndGet();
            return true;
        }
        return false;
    }

    synchronized long latestKnown() {
        return latestKnown;
    }

    /** Remembered events right after {@code afterSeq}, or an empty list when the window does not start there. */
    synchronized List<JournalEvent> rememberedAfter(long afterSeq, int limit) {
        if (recent.isEmpty() || recent.peekFirst().seq() > afterSeq + 1 || recent.peekLast().seq() <= afterSeq) {
            return List.of();
        }
        List<JournalEvent> result = new ArrayList<>(Math.min(limit, recent.size()));
        for (JournalEvent event : recent) {
            if (event.seq() > afterSeq) {
                result.add(event);
                if (result.size() == limit) {
                    break;
                }
            }
        }
        return result;
    }
}
