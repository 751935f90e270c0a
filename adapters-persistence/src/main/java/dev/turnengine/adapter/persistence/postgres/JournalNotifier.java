package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.conversation.ConversationId;
import dev.turnengine.domain.event.JournalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells other nodes, outside the transactions that wrote them, which conversations' journals moved on: after
 * each commit the writer hands over the conversation and its latest sequence, and one thread sends all that
 * gathered since its last round as a few NOTIFYs in one transaction of its own. PostgreSQL serialises the
 * commits of notifying transactions behind each other's WAL flush; so no turn or delta transaction notifies,
 * and this one commits asynchronously (a notification does not outlive a server crash anyway).
 *
 * <p>Small events travel with the announcement (an {@linkplain NotificationMessages#eventPayloads events
 * message} ahead of the {@code conversation:seq} list; {@link NotificationRound} gathers them), so another node
 * delivers them to its streams without reading them back from the journal; a conversation with an event larger
 * than {@link NotificationMessages#MAX_EVENT_BYTES}, or with more than
 * {@link NotificationMessages#MAX_ROUND_EVENT_BYTES} of events in the round, is only announced, and its watchers
 * read the journal as before. A receiver that missed a message, or got events out of order, finds the gap and
 * reads the journal: the events in a message are a shortcut, never the only way.
 *
 * <p>A node that dies between a commit and the notification leaves it unsent; {@code PostgresStorage}'s
 * periodic check of the watched conversations catches that, as it does a LISTEN outage.
 *
 * <p>Nobody else to tell, nothing sent: about once a second the notifier looks for other nodes' listening
 * sessions on the database (by their application name, which names the schema's channel), and while there are
 * none it drops what it gathered, so a single node spends no transaction on notifications. A node that starts
 * meanwhile reads the journal when its streams open and is told from the next check on; until then the same
 * periodic check covers it.
 */
final class JournalNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalNotifier.class.getName());
    private static final long RETRY_MILLIS = 200;
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

    /**
     * How other nodes' listening sessions are recognised: their application name matches {@code pattern} (an
     * SQL {@code LIKE} pattern) and is not {@code own}.
     */
    record Peers(String pattern, String own) {
    }

    private static final long PEER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DatabaseUrl url;
    private final NotificationKey key;
    private final String applicationName;
    private final String channel;
    private final Peers peers;
    private long peersCheckedAt = System.nanoTime() - PEER_CHECK_NANOS;
    private volatile boolean peersListening = true;
    private final AtomicLong rounds = new AtomicLong();
    private final Object lock = new Object();
    private NotificationRound pending = new NotificationRound();

    private final Thread thread;
    private Connection connection;
    private volatile boolean closed;

    JournalNotifier(DatabaseUrl url, String applicationName, String channel, Peers peers, NotificationKey key) {
        this.key = key;
        this.url = url;
        this.applicationName = applicationName;
        this.channel = channel;
        this.peers = peers;
        this.thread = Thread.ofPlatform().daemon().name("journal-notifier").start(this::run);
    }

    /** Records events of the conversation just committed, in order; they go along with the announcement. */
    void committed(ConversationId conversationId, List<JournalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // Encoded here, on the committing thread, and only while another node listens.
        List<String> encoded = peersListening ? NotificationMessages.encode(events) : List.of();
        synchronized (lock) {
            pending.add(conversationId, events, encoded);
            if (pending.size() == 1 || pending.size() == FULL_ROUND) {
                lock.notifyAll(); // work to do, or enough to send early: otherwise the notifier is already timed
            }
        }
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
        closeConnection();
    }

    /**
     * How long to wait before the next round, with {@code pending} conversations gathered and the last round
     * {@code sinceLastRound} ago: 0 to send now.
     */
    static long holdNanos(int pending, long sinceLastRound) {
        long hold = (pending >= FULL_ROUND ? FULL_ROUND_NANOS : HOLD_NANOS) - sinceLastRound;
        return Math.max(0, hold);
    }

    private void run() {
        long lastRound = System.nanoTime() - HOLD_NANOS;
        while (true) {
            NotificationRound batch;
            synchronized (lock) {
                while (!closed) {
                    if (pending.isEmpty()) {
                        waitForWork(0);
                        continue;
                    }
                    long hold = holdNanos(pending.size(), System.nanoTime() - lastRound);
                    if (hold == 0) {
                        break;
                    }
                    waitForWork(hold);
                }
                if (closed && pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new NotificationRound();
            }
            lastRound = System.nanoTime();
            if (!send(batch)) {
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

    /** Waits on the lock for at most {@code nanos} (0: until woken); the caller holds the lock. */
    private void waitForWork(long nanos) {
        try {
            if (nanos == 0) {
                lock.wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(lock, nanos);
            }
        } catch (InterruptedException e) {
            closed = true; // the thread is being stopped: send what is pending and end
        }
    }

    /** Notification rounds sent so far. */
    long rounds() {
        return rounds.get();
    }

    private boolean send(NotificationRound batch) {
        try {
            Connection open = connection();
            if (!peersListening(open)) {
                return true; // nobody else listens: nothing to tell
            }
            List<String> payloads = batch.payloads(key);
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
            LOG.log(System.Logger.Level.WARNING, "could not notify other nodes; retrying: " + e.getMessage());
            closeConnection();
            return false;
        }
    }

    /** Whether another node listens, as last seen; looked up again when the last look is a second old. */
    private boolean peersListening(Connection open) throws SQLException {
        if (System.nanoTime() - peersCheckedAt < PEER_CHECK_NANOS) {
            return peersListening;
        }
        try (PreparedStatement query = open.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name LIKE ? AND application_name <> ?)")) {
            query.setString(1, peers.pattern());
            query.setString(2, peers.own());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                peersListening = rows.getBoolean(1);
            }
        }
        open.commit();
        peersCheckedAt = System.nanoTime();
        return peersListening;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = url.openSession(applicationName);
            try (Statement setup = opened.createStatement()) {
                // The notification is worth nothing after a crash, so its commit need not wait for the disk.
                setup.execute("SET synchronous_commit = off");
            }
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already gone
            }
            connection = null;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
