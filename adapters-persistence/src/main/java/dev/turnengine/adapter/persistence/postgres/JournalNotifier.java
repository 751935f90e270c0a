package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Tells other nodes, outside the transactions that wrote them, which conversations' journals moved on: after
 * each commit the writer hands over the conversation and its latest sequence, and one thread sends all that
 * gathered since its last round as a few NOTIFYs in one transaction of its own, when {@link RoundTiming} says a
 * round is due. PostgreSQL serialises the commits of notifying transactions behind each other's WAL flush; so no
 * turn or delta transaction notifies, and this one commits asynchronously (a notification does not outlive a
 * server crash anyway).
 *
 * <p>Small events travel with the announcement (an {@linkplain NotificationMessages#eventPayloads events
 * message} ahead of the {@code conversation:seq} list; {@link NotificationRound} gathers them), so another node
 * delivers them to its streams without reading them back from the journal. Only conversations that another node
 * said it watches are told of: each node names the conversations its streams watch in
 * {@linkplain NotificationMessages#watching watch messages}, a new one in the next round and all of them every
 * {@link #WATCH_REFRESH_NANOS}, and a name not repeated within {@link WatchedElsewhere#EXPIRY_NANOS} is forgotten.
 * Telling other nodes of turns they do not watch took a transaction per three admissions, and two nodes admitting
 * turns on 2 cores a sixth of their rate or more.
 *
 * <p>A stream that opens on another node reads the journal first and is named in that node's next round; what
 * this node commits between that read and hearing the name would go untold. So when it hears a conversation
 * named for the first time, its next round reads the conversation's latest sequence from the database and
 * announces it ({@link CatchUp}): whatever was committed before it heard is at or below that sequence, and the stream reads it
 * from the journal; whatever is committed after is told as usual. While another node names more conversations
 * than {@link WatchedElsewhere} keeps, every conversation is announced, without its events. A conversation with
 * an event larger than {@link NotificationMessages#MAX_EVENT_BYTES}, or with more than
 * {@link NotificationMessages#MAX_ROUND_EVENT_BYTES} of events in the round, is only announced, and its watchers
 * read the journal as before. A receiver that missed a message, or got events out of order, finds the gap and
 * reads the journal: the events in a message are a shortcut, never the only way.
 *
 * <p>A node that dies between a commit and the notification leaves it unsent; {@code PostgresStorage}'s
 * periodic check of the watched conversations catches that, as it does a LISTEN outage.
 *
 * <p>Nobody else to tell, nothing sent: while {@link NotificationPeers} sees no other node listening, commits are
 * not gathered at all, so a single node spends no transaction and no lock on notifications. A node that starts
 * meanwhile reads the journal when its streams open and is told from the next check on; until then the same
 * periodic check covers it.
 */
final class JournalNotifier implements AutoCloseable {

    private static final long RETRY_MILLIS = 200;

    /** How often a node names every conversation its streams watch. */
    static final long WATCH_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final NotificationKey key;
    private final String channel;
    private final NotificationPeers peers;
    /** Conversations taken into rounds so far. */
    private final AtomicLong gathered = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final Object lock = new Object();
    private NotificationRound pending = new NotificationRound();
    /** Conversations that streams here began to watch since the last round; guarded by {@code lock}. */
    private Set<ConversationId> newlyWatched = new HashSet<>();
    private final CatchUp catchUp = new CatchUp();
    /** This node's name in its watch messages. */
    private final String node = UUID.randomUUID().toString();
    private final Supplier<List<ConversationId>> watchedHere;
    private final WatchedElsewhere watchedElsewhere =
            new WatchedElsewhere(node, System::nanoTime, WatchedElsewhere.MAX_CONVERSATIONS);
    private final AtomicLong eventMessages = new AtomicLong();

    private final Thread thread;
    private final NotifierSession session;
    private volatile boolean closed;

    JournalNotifier(DatabaseUrl url, String applicationName, String channel, NotificationPeers peers,
            NotificationKey key, Supplier<List<ConversationId>> watchedHere) {
        this.key = key;
        this.watchedHere = watchedHere;
        this.session = new NotifierSession(url, applicationName);
        this.channel = channel;
        this.peers = peers;
        this.thread = Thread.ofPlatform().daemon().name("journal-notifier").start(this::run);
    }

    /** Records events of the conversation just committed, in order; they go along with the announcement. */
    void committed(ConversationId conversationId, List<JournalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!peers.listening()) {
            // Nobody to tell: gathering would only be dropped. Other nodes are looked for again within a second of
            // this, and told from then on (until then, their streams read the journal).
            peers.unheardCommit();
            return;
        }
        boolean watched = isWatchedElsewhere(conversationId);
        if (!watched && !watchedElsewhere.overflowing()) {
            return; // nobody elsewhere watches it; a node that starts to is told its latest sequence then
        }
        // Encoded here, on the committing thread, and only for a conversation that another node watches.
        List<NotificationMessages.EncodedEvent> encoded = watched ? NotificationMessages.encode(events) : List.of();
        synchronized (lock) {
            pending.add(conversationId, events, encoded);
            if (pending.size() == 1 || pending.size() == RoundTiming.FULL_ROUND) {
                lock.notifyAll(); // work to do, or enough to send early: otherwise the notifier is already timed
            }
        }
    }

    /** Records that a stream here began to watch the conversation; the next round tells the other nodes. */
    void watching(ConversationId conversationId) {
        synchronized (lock) {
            boolean wasIdle = idle();
            if (newlyWatched.add(conversationId) && wasIdle) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Takes a watch message heard on the channel ({@link NotificationMessages#watching}); the conversations it names
     * for the first time are caught up in the next round.
     */
    void heard(String watchMessage) {
        List<ConversationId> added = watchedElsewhere.heard(watchMessage);
        if (added.isEmpty()) {
            return;
        }
        peers.heardFromAnother();
        synchronized (lock) {
            boolean wasIdle = idle();
            pending.catchUp(added);
            if (wasIdle) {
                lock.notifyAll();
            }
        }
    }

    /** Whether the next round has nothing to send; the caller holds the lock. */
    private boolean idle() {
        return pending.isEmpty() && newlyWatched.isEmpty();
    }

    /** Whether another node said, recently enough, that its streams watch the conversation. */
    boolean isWatchedElsewhere(ConversationId conversationId) {
        return watchedElsewhere.contains(conversationId);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }

    private void run() {
        long lastRound = System.nanoTime() - RoundTiming.HOLD_NANOS;
        long nextRefresh = System.nanoTime() + WATCH_REFRESH_NANOS;
        while (true) {
            NotificationRound batch;
            Collection<ConversationId> watched;
            synchronized (lock) {
                while (!closed) {
                    long now = System.nanoTime();
                    RoundTiming.Next next = RoundTiming.next(now, lastRound, nextRefresh, peers.nanosUntilLook(now),
                            idle(), pending.size());
                    if (next instanceof RoundTiming.Wait(long nanos)) {
                        waitForWork(nanos);
                    } else {
                        break; // a refresh, a look for other nodes or a round is due
                    }
                }
                if (closed && pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new NotificationRound();
                watched = newlyWatched;
                newlyWatched = new HashSet<>();
            }
            long now = System.nanoTime();
            if (now - nextRefresh >= 0) {
                nextRefresh = now + WATCH_REFRESH_NANOS;
                watched = watchedHere.get();
                watchedElsewhere.forgetExpired();
            }
            gathered.addAndGet(batch.size());
            if (batch.isEmpty() && watched.isEmpty()) {
                if (peers.nanosUntilLook(now) == 0) {
                    lookForPeers();
                }
                continue;
            }
            lastRound = now;
            if (!send(batch, watched)) {
                synchronized (lock) {
                    batch.announceAgainIn(pending);
                }
                if (closed) {
                    return;
                }
                sleep();
            }
        }
    }

    /** Waits on the lock for at most {@code nanos}; the caller holds the lock. */
    private void waitForWork(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, nanos));
        } catch (InterruptedException e) {
            closed = true; // the thread is being stopped: send what is pending and end
        }
    }

    /** Notification rounds sent so far. */
    long rounds() {
        return rounds.get();
    }

    /** Events messages sent so far (each up to a few kilobytes of events). */
    long eventMessages() {
        return eventMessages.get();
    }

    private boolean send(NotificationRound batch, Collection<ConversationId> watched) {
        try {
            Connection open = session.connection();
            if (!peers.check(open) && batch.toCatchUp().isEmpty()) {
                return true; // nobody else listens: nothing to tell (a node that names conversations listens)
            }
            catchUp.announceLatest(open, batch);
            List<String> payloads = new ArrayList<>(batch.payloads(key));
            eventMessages.addAndGet(payloads.stream().filter(NotificationMessages::carriesEvents).count());
            payloads.addAll(NotificationMessages.watching(node, watched));
            try (PreparedStatement notify = open.prepareStatement(
                    "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload")) {
                notify.setString(1, channel);
                notify.setArray(2, open.createArrayOf("text", payloads.toArray()));
                notify.execute();
            }
            open.commit();
            rounds.incrementAndGet();
            return true;
        } catch (SQLException e) {
            session.failed("notify other nodes", e);
            return false;
        }
    }

    /** Conversations announced so far because another node named them for the first time. */
    long caughtUp() {
        return catchUp.caughtUp();
    }

    /** Looks for other nodes now (their absence made commits go ungathered). */
    private void lookForPeers() {
        try {
            peers.check(session.connection());
        } catch (SQLException e) {
            session.failed("look for other nodes", e);
            sleep();
        }
    }

    /** Conversations taken into notification rounds so far (none while no other node listens). */
    long gathered() {
        return gathered.get();
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
