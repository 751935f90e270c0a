package dev.turnengine.adapter.persistence.feed;

import dev.turnengine.domain.event.JournalEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One watched conversation: its subscriptions, the latest sequence known, and its most recent events. */
final class FeedTopic {

    private static final int REMEMBERED = 64; // the live tail; subscribers further behind read the journal

    private final Set<FeedSubscription> subscribers = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<JournalEvent> recent = new ArrayDeque<>();
    private long latestKnown;

    Set<FeedSubscription> subscribers() {
        return subscribers;
    }

    void wakeAll() {
        subscribers.forEach(FeedSubscription::wake);
    }

    void recheckAll() {
        subscribers.forEach(FeedSubscription::recheck);
    }

    /** Keeps a contiguous window of the newest events; a jump forward starts the window afresh. */
    synchronized void remember(List<JournalEvent> events) {
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
